/** The outcome of the last decision, announced to screen readers (status) or as an error (alert). */
export function DecisionMessage({ message }: { message: { text: string; error?: boolean } | null }) {
  if (!message) return null;
  return (
    <p
      role={message.error ? "alert" : "status"}
      className={message.error ? "text-sm text-red-700" : "text-sm text-slate-700"}
    >
      {message.text}
    </p>
  );
}
