// Subscriber opt-out of audience measurement: recorded per household (subscriber id, else gateway
// serial, else the box's serial); recording it deletes what the audience store holds for the household
// (its sessions under every live period key) and marks those days for recomputation; collection drops
// the household's data from then on. CONTRACT — implemented by the collection part (issue 12).
import type { Actor } from "../core/actor";

export interface OptOutRow {
  household: string;
  optedOutAt: Date;
  by: string;
  note: string;
}

const todo = (): never => {
  throw new Error("audience opt-out: not built yet");
};

export function listOptOuts(_opts: {
  query?: string;
  limit: number;
  cursor?: string | null;
}): Promise<{ rows: OptOutRow[]; total: number; nextCursor: string | null }> {
  return todo();
}
/** Records the opt-out (idempotent) and deletes the household's stored sessions; returns sessions deleted. */
export function optOutHousehold(
  _actor: Actor,
  _household: string,
  _note: string,
): Promise<{ deleted: number }> {
  return todo();
}
export function withdrawOptOut(_actor: Actor, _household: string): Promise<{ ok: true }> {
  return todo();
}
/** CSV with a `household` column (and optional `note`): bad rows reported by line, good ones kept. */
export function importOptOuts(
  _actor: Actor,
  _csv: string,
): Promise<{ imported: number; skipped: number; problems: { line: number; message: string }[] }> {
  return todo();
}
/** The household a device belongs to and whether it opted out (device page). */
export function deviceOptOut(
  _deviceId: number,
): Promise<{ household: string; optedOut: boolean; optedOutAt: Date | null }> {
  return todo();
}
