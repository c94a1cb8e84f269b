// Evidence that a CPE did the work of a sent task without answering it: many reboot (or reset, or
// start a transfer) before their response reaches the ACS, then come back with an Inform that says
// what they did. Such a task is completed from that evidence instead of being sent again — a re-sent
// Reboot is a reboot loop. Transfers end on their TransferComplete (by CommandKey); a firmware image
// is only "done" once the device has booted and reports a different SoftwareVersion.
import { int4Column } from "../database/int-column";
import type { InformRequest } from "../cwmp/soap/types";
import { db } from "../db";
import type { Prisma, Task } from "../generated/prisma/client";
import { asJson } from "../json";
import { logger } from "../logger";
import { priorResult } from "./service";

type Tx = Prisma.TransactionClient;

const log = logger("tasks");

/** The TransferComplete fields a task keeps (what the CPE reported about the transfer). */
export interface TransferOutcome {
  commandKey: string;
  faultStruct: { faultCode: number; faultString: string };
  startTime?: string;
  completeTime?: string;
}

/** What applyInformEvidence changed, for logs and tests. */
export interface EvidenceOutcome {
  done: number[];
  waiting: number[];
  fault: number[];
}

const TRANSFER_EVENT: Record<string, string[]> = {
  "M Download": ["Download", "ScheduleDownload"],
  "M ScheduleDownload": ["ScheduleDownload", "Download"],
  "M Upload": ["Upload"],
  // ChangeDUState: the device is working on it; its DUStateChangeComplete ends the task.
  "M ChangeDUState": ["ChangeDUState"],
};
// Work that is complete once the CPE reports it: the event code → the task it completes.
const DONE_EVENT: Record<string, string> = { "M Reboot": "Reboot", "M ScheduleInform": "ScheduleInform" };
const BOOT_CODES = new Set(["1 BOOT", "0 BOOTSTRAP"]);

/** "1 Firmware Upgrade Image": the one file type whose success shows in SoftwareVersion. */
export function isFirmwareDownload(task: Pick<Task, "name" | "request">): boolean {
  if (task.name !== "Download" && task.name !== "ScheduleDownload") return false;
  const fileType = (task.request as { fileType?: unknown } | null)?.fileType;
  return typeof fileType === "string" && fileType.trim().startsWith("1 ");
}

/**
 * Complete sent tasks the Inform's events prove done (call right after the Inform is recorded,
 * before any task is claimed): `M Reboot <key>`, `M ScheduleInform <key>` → done; `M Download`,
 * `M ScheduleDownload`, `M Upload <key>` → waiting for the TransferComplete; a sent FactoryReset →
 * done on `0 BOOTSTRAP` / `1 BOOT`; at a boot, waiting firmware downloads whose transfer
 * succeeded get their SoftwareVersion check. Most Informs carry none of these and cost no query; a
 * boot costs one read unless the device has a sent or waiting task.
 */
export async function applyInformEvidence(
  deviceId: number,
  inform: Pick<InformRequest, "events">,
  now = new Date(),
  firstContact = false,
): Promise<EvidenceOutcome> {
  const outcome: EvidenceOutcome = { done: [], waiting: [], fault: [] };
  // A device this Inform registered has no task yet.
  if (firstContact) return outcome;
  const events = inform.events.map((e) => ({ code: e.eventCode.trim(), key: e.commandKey }));
  const booted = events.some((e) => BOOT_CODES.has(e.code));
  const relevant = events.filter((e) => DONE_EVENT[e.code] ?? TRANSFER_EVENT[e.code]);
  if (!booted && relevant.length === 0) return outcome;
  // Every piece of evidence completes a sent or waiting task: a device without one (a boot storm's
  // boxes, nearly always) costs this one read instead of a transaction of four.
  const open = await db().task.findFirst({
    where: { deviceId, state: { in: ["sent", "waiting"] } },
    select: { id: true },
  });
  if (!open) return outcome;

  await db().$transaction(async (tx) => {
    for (const { code, key } of relevant) {
      const doneName = DONE_EVENT[code];
      const names = doneName ? [doneName] : (TRANSFER_EVENT[code] ?? []);
      const tasks = await tx.task.findMany({
        where: {
          deviceId,
          name: { in: names },
          state: "sent",
          request: { path: ["commandKey"], equals: key },
        },
      });
      for (const task of tasks) {
        const result = asJson({ ...priorResult(task.result), evidence: `${code} ${key}`.trim() });
        if (doneName) {
          await tx.task.update({
            where: { id: task.id },
            data: { state: "done", result, completedAt: now },
          });
          outcome.done.push(task.id);
        } else {
          await tx.task.update({ where: { id: task.id }, data: { state: "waiting", result } });
          outcome.waiting.push(task.id);
        }
      }
    }
    if (booted) await applyBootEvidence(tx, deviceId, events, now, outcome);
  });
  if (outcome.done.length + outcome.waiting.length + outcome.fault.length > 0)
    log.info({ deviceId, ...outcome }, "tasks completed from inform evidence");
  return outcome;
}

async function applyBootEvidence(
  tx: Tx,
  deviceId: number,
  events: { code: string; key: string }[],
  now: Date,
  outcome: EvidenceOutcome,
): Promise<void> {
  const bootCode = events.find((e) => BOOT_CODES.has(e.code))?.code ?? "1 BOOT";
  // A factory reset sent before this boot happened, even if its response never arrived (a reset
  // device has no CommandKey to report). A Reboot needs its own evidence, `M Reboot <key>`: a plain
  // boot may be a power cut before the CPE ever acted on it, and then the Reboot is sent again.
  const resets = await tx.task.findMany({
    where: { deviceId, name: "FactoryReset", state: "sent", sentAt: { lt: now } },
  });
  for (const task of resets) {
    await tx.task.update({
      where: { id: task.id },
      data: {
        state: "done",
        result: asJson({ ...priorResult(task.result), evidence: bootCode }),
        completedAt: now,
      },
    });
    outcome.done.push(task.id);
  }
  const device = await tx.device.findUnique({ where: { id: deviceId }, select: { softwareVersion: true } });
  const waiting = await tx.task.findMany({
    where: {
      deviceId,
      name: { in: ["Download", "ScheduleDownload"] },
      state: "waiting",
      sentAt: { lt: now },
    },
  });
  for (const task of waiting) {
    const transfer = priorResult(task.result).transferComplete as TransferOutcome | undefined;
    if (!isFirmwareDownload(task) || transfer?.faultStruct.faultCode !== 0) continue;
    const state = await checkFirmwareVersion(tx, deviceId, task, device?.softwareVersion ?? "", now);
    (state === "done" ? outcome.done : outcome.fault).push(task.id);
  }
}

/**
 * A CPE's TransferComplete for the task that asked for the transfer (sent or waiting): a fault ends
 * it with the CPE's code and string; success ends an Upload or an ordinary download, while a firmware
 * image is checked against SoftwareVersion once the device has booted since the task was sent (now,
 * if it already has; else at its next boot Inform). Returns the task's state afterwards.
 */
export async function settleTransfer(
  tx: Tx,
  deviceId: number,
  task: Task,
  transfer: TransferOutcome,
  now = new Date(),
): Promise<"done" | "fault" | "waiting"> {
  const { faultCode, faultString } = transfer.faultStruct;
  const result = { ...priorResult(task.result), transferComplete: transfer };
  if (faultCode !== 0) {
    const message = faultString || `transfer failed (${faultCode})`;
    await tx.task.update({
      where: { id: task.id },
      data: {
        state: "fault",
        result: asJson(result),
        faultCode: int4Column(faultCode),
        faultString: message,
        completedAt: now,
      },
    });
    await tx.deviceFault.create({
      data: { deviceId, taskId: task.id, code: int4Column(faultCode), message, detail: asJson(transfer) },
    });
    return "fault";
  }
  if (!isFirmwareDownload(task)) {
    await tx.task.update({
      where: { id: task.id },
      data: { state: "done", result: asJson(result), completedAt: now },
    });
    return "done";
  }
  const device = await tx.device.findUnique({
    where: { id: deviceId },
    select: { lastBoot: true, softwareVersion: true },
  });
  const bootedSinceSent = !!device?.lastBoot && !!task.sentAt && device.lastBoot > task.sentAt;
  if (!bootedSinceSent) {
    // The image is installed by a reboot still to come: decide at the next boot Inform.
    await tx.task.update({ where: { id: task.id }, data: { state: "waiting", result: asJson(result) } });
    return "waiting";
  }
  return checkFirmwareVersion(
    tx,
    deviceId,
    { ...task, result: asJson(result) as Prisma.JsonValue },
    device.softwareVersion,
    now,
  );
}

/** Done if the device reports another SoftwareVersion than before the download, else a fault. */
async function checkFirmwareVersion(
  tx: Tx,
  deviceId: number,
  task: Task,
  softwareVersion: string,
  now: Date,
): Promise<"done" | "fault"> {
  const prior = priorResult(task.result);
  const before = typeof prior.softwareVersionBefore === "string" ? prior.softwareVersionBefore : undefined;
  const result = asJson({ ...prior, softwareVersionAfter: softwareVersion });
  // Without a recorded version (a task sent before versions were recorded) the transfer's success stands.
  if (before === undefined || softwareVersion !== before) {
    await tx.task.update({ where: { id: task.id }, data: { state: "done", result, completedAt: now } });
    return "done";
  }
  const message = `firmware not applied: SoftwareVersion still ${softwareVersion || "(empty)"}`;
  await tx.task.update({
    where: { id: task.id },
    data: { state: "fault", result, faultCode: null, faultString: message, completedAt: now },
  });
  await tx.deviceFault.create({
    data: { deviceId, taskId: task.id, code: 0, message: `${task.name}: ${message}` },
  });
  log.warn({ deviceId, taskId: task.id, softwareVersion }, "firmware not applied");
  return "fault";
}
