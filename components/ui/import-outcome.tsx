// What a CSV import answered, under its form: the request's error, or the summary line and the lines
// it refused (scrollable, keyboard-reachable). Announced politely to screen readers.
import type { ReactNode } from "react";

export interface ImportProblem {
  line: number;
  message: string;
}

export function ImportOutcome(props: {
  error: string | null | undefined;
  result: { problems: readonly ImportProblem[] } | undefined | null;
  summary: ReactNode;
  testId: string;
}) {
  const { error, result } = props;
  return (
    <div aria-live="polite">
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="text-sm" data-testid={props.testId}>
          <p className="text-slate-800">{props.summary}</p>
          {result.problems.length > 0 ? (
            <ul
              className="mt-1 max-h-48 list-disc overflow-auto pl-5 text-red-800"
              tabIndex={0}
              aria-label="Refused lines"
            >
              {result.problems.map((p) => (
                <li key={`${p.line}:${p.message}`}>
                  Line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
