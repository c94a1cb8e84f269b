// Whether a device id names a device: the device page answers "not found" from the server at once,
// rather than a client query retrying a missing row.
import { INT4_MAX } from "../../lib/ids";
import { db } from "../db";

export async function deviceExists(id: number): Promise<boolean> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > INT4_MAX) return false;
  return (await db().device.count({ where: { id } })) > 0;
}
