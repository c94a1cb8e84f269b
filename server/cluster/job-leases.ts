// The operators' view of the singleton jobs: every lease, who holds it until when (database clock), how
// often it changed hands, and whether this node is the one running it.
import { heldInProcess } from "./held-jobs";
import { readJobLeases, type JobLeaseRow } from "./lease";

export interface JobLeaseStatus extends JobLeaseRow {
  /** This process holds the lease (runs the job). */
  heldHere: boolean;
}

export async function listJobLeases(): Promise<JobLeaseStatus[]> {
  const rows = await readJobLeases();
  return rows.map((row) => ({ ...row, heldHere: heldInProcess(row.name, row.owner) }));
}
