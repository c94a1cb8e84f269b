import Link from "next/link";

/**
 * What a page renders instead of its content when the operator's role lacks the permission (the
 * server refuses the procedures anyway; this says so plainly, with a way back). Usage:
 *   if (!hasPermission(operator.role, "audit.read")) return <Forbidden what="read the audit log" />;
 */
export function Forbidden({ what }: { what: string }) {
  return (
    <section
      aria-labelledby="forbidden-heading"
      className="rounded-lg border border-amber-200 bg-amber-50 p-6"
    >
      <h1 id="forbidden-heading" className="text-lg font-semibold text-amber-900">
        Not allowed
      </h1>
      <p className="mt-1 text-sm text-amber-900">Your role does not allow you to {what}.</p>
      <p className="mt-3 text-sm">
        <Link href="/devices" className="font-medium text-sky-800 underline underline-offset-2">
          Back to devices
        </Link>
      </p>
    </section>
  );
}
