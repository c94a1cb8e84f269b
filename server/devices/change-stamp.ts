// What an open device page polls while idle: one small stamp that changes whenever anything the
// page shows from the database could have changed (an Inform, a task queued, sent or finished, a
// CPE event or fault, an operator action, the device row's own columns). The page refetches its
// summary, tasks and timeline only when the stamp differs from the one it has (a conditional read),
// instead of moving all of them every few seconds.
import "server-only";
import { AppError } from "../core/app-error";
import { db } from "../db";

interface Row {
  device: string;
  tasks: string | null;
  informs: string | null;
  events: string | null;
  faults: string | null;
  audit: string | null;
}

export async function deviceChangeStamp(deviceId: number): Promise<string> {
  // Each part reads the newest row through its (deviceId, time) index; tasks are summed over the
  // device's rows ([deviceId, state, id]); nothing reads the parameter document.
  // The device part hashes the row's columns without the document, plus the last Inform's time (its
  // own narrow row, DeviceLastInform: it changes with every Inform, informHash with every Inform that
  // changed values), tags/notes/kind/IP with edits and derived attributes.
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT md5(concat_ws('|', l."informedAt", d."lastBoot", d."informHash", d."softwareVersion", d."ipAddress",
                d.kind, d."modelName", d.tags::text, md5(d.notes), d."fullReadAt", d."fullReadFailedAt",
                d."periodicInformInterval", d."subscriberId", d."cwmpCredentialsConfirmedAt")) AS device,
            (SELECT concat_ws('/', max(t.id), count(*) FILTER (WHERE t.state IN ('queued', 'sent', 'waiting')),
                              max(t."sentAt"), max(t."completedAt"), sum(t.attempts))
               FROM "Task" t WHERE t."deviceId" = d.id) AS tasks,
            (SELECT i.id::text FROM "InformEvent" i WHERE i."deviceId" = d.id
              ORDER BY i."receivedAt" DESC LIMIT 1) AS informs,
            (SELECT e.id::text FROM "DeviceEvent" e WHERE e."deviceId" = d.id
              ORDER BY e."receivedAt" DESC LIMIT 1) AS events,
            (SELECT f.id::text FROM "DeviceFault" f WHERE f."deviceId" = d.id ORDER BY f.at DESC LIMIT 1) AS faults,
            (SELECT a.id::text FROM "AuditLog" a WHERE a."deviceId" = d.id ORDER BY a.at DESC LIMIT 1) AS audit
       FROM "Device" d LEFT JOIN "DeviceLastInform" l ON l."deviceId" = d.id
      WHERE d.id = $1`,
    deviceId,
  );
  const row = rows[0];
  if (!row) throw new AppError("not_found", `device ${deviceId} not found`);
  return [row.device, row.tasks, row.informs, row.events, row.faults, row.audit]
    .map((p) => p ?? "")
    .join(":");
}
