// The privacy log: who ran which audience report (or export), with which filters, when.
// CONTRACT — implemented by the queries part (issue 12).
import type { AudienceFilter } from "../../lib/audience/report-api";

export function logAudienceAccess(_entry: {
  operatorId: number;
  report: string;
  filters: AudienceFilter | Record<string, unknown>;
  cells: number;
  suppressed: number;
}): Promise<void> {
  throw new Error("audience access log: not built yet");
}

export function listAudienceAccess(_opts: { limit: number; cursor?: string | null }): Promise<{
  rows: {
    id: string;
    at: string;
    operator: string | null;
    report: string;
    filters: Record<string, unknown>;
    cells: number;
    suppressed: number;
  }[];
  nextCursor: string | null;
}> {
  throw new Error("audience access log: not built yet");
}
