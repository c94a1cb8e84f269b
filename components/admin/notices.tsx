import type { ReactNode } from "react";

export function ErrorNotice({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {children}
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
    >
      {children}
    </div>
  );
}

/** Shown instead of a page the operator's role may not use (the server refuses its procedures too). */
export function ForbiddenNotice({ what }: { what: string }) {
  return (
    <section
      aria-labelledby="forbidden-heading"
      className="rounded-lg border border-amber-200 bg-amber-50 p-6"
    >
      <h1 id="forbidden-heading" className="text-lg font-semibold text-amber-900">
        Not allowed
      </h1>
      <p className="mt-1 text-sm text-amber-900">Your role does not allow you to {what}.</p>
    </section>
  );
}
