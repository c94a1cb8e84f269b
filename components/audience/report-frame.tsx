"use client";

import type { ReactNode } from "react";
import { ExportButton, type ExportInput } from "./export-button";
import { PrivacyNote } from "./privacy-note";
import type { PrivacyNote as Note } from "./use-audience";

/**
 * A report view: heading and description, its Export CSV button, the loading / error state, the
 * content once there is an answer, and the privacy note of that answer.
 */
export function ReportFrame({
  id,
  title,
  description,
  exportInput,
  privacy,
  loading,
  busy,
  error,
  controls,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  exportInput: ExportInput | null;
  privacy: Note | undefined;
  loading: boolean;
  busy?: boolean;
  error?: string;
  controls?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      aria-busy={busy || loading}
      className="space-y-3"
      data-testid={`audience-${id}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        <ExportButton input={exportInput} disabled={loading || Boolean(error)} />
      </div>
      {controls}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : loading ? (
        <p role="status" className="text-sm text-slate-600">
          Loading…
        </p>
      ) : (
        children
      )}
      <PrivacyNote privacy={privacy} />
    </section>
  );
}
