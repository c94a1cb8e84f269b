// Tasks queued by ONE statement on the pool, outside any transaction (one INSERT is atomic on its
// own). A first contact's bootstrap tasks went through a Prisma interactive transaction: BEGIN, the
// device row locked, the INSERT, COMMIT, four round trips, and Prisma's transaction and result
// handling was the largest single cost of this process in a boot storm (bench/storm.ts: Prisma ~20 %
// of the node's busy samples, with a handful of its calls per device). The values are checked and
// sealed exactly as insertTasks does.
import { AppError } from "../core/app-error";
import { preparedQuery } from "../db";
import { defaultExpiry } from "./lifetime";
import { queuedSignals } from "./queued-signals";
import { parseAcsRequest } from "./requests";
import { openQueuedValues, sealRequestSecrets } from "./sealed-values";
import type { QueueOptions } from "./service";

// $1 device, $2 the requests (a JSON array, in queue order), $3 creator, $4 now, $5 expiry, $6 batch.
// The ids follow the array's order (ORDER BY before the sequence is read): the queue runs them by id.
const INSERT_TASKS = `INSERT INTO "Task" ("deviceId", name, request, "createdBy", "createdAt", "expiresAt", "batchId")
  SELECT $1, r.request ->> 'name', r.request, $3, $4::timestamp, $5::timestamp, $6
    FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS r(request, ord)
   ORDER BY r.ord
  RETURNING id`;

/** Queue `requests` for the device in one statement; their ids, in order. Throws not_found for no such device. */
export async function insertTasksInOneStatement(
  deviceId: number,
  requests: readonly unknown[],
  options: QueueOptions = {},
): Promise<number[]> {
  const parsed = requests.map((r) => sealRequestSecrets(parseAcsRequest(openQueuedValues(r))));
  if (parsed.length === 0) return [];
  queuedSignals().noteLocal(deviceId);
  const now = new Date();
  const expiresAt = options.expiresAt ?? defaultExpiry(now);
  try {
    const rows = await preparedQuery<{ id: number }>("insert-tasks", INSERT_TASKS, [
      deviceId,
      JSON.stringify(parsed),
      options.createdBy ?? "system",
      now.toISOString(),
      expiresAt.toISOString(),
      options.batchId ?? null,
    ]);
    return rows.map((r) => r.id).sort((a, b) => a - b);
  } catch (error) {
    // 23503: the device's foreign key (no such device).
    if ((error as { code?: unknown }).code === "23503")
      throw new AppError("not_found", `device ${deviceId} not found`);
    throw error;
  }
}
