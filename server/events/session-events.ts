// Domain events of a CWMP session, for the domains that react to devices (profiles now; firmware,
// monitoring and webhooks later) instead of growing the session backend (server/devices/cwmp-backend.ts).
// Handlers run in the session, in registration order, awaited: work they queue (tasks) is picked up by
// the same session. A handler that throws is logged and skipped: one domain's bug never fails a
// device's session or another domain's handler. (Durable, cross-process delivery for webhooks is an
// outbox, a separate mechanism.)
import type { InformRequest, ParameterValue } from "../cwmp/soap/types";
import { logger } from "../logger";
import { processSlot } from "../core/process-slot";

/** The device's columns as the Inform left them (returned by the Inform's own statement, no extra read). */
export interface InformedDevice {
  id: number;
  kind: string;
  rootObject: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  modelName: string;
  softwareVersion: string;
  subscriberId: string | null;
  tags: string[];
  lastBoot: Date | null;
  profilesStamp: string | null;
  profilesDueAt: Date | null;
}

export interface InformRecordedEvent {
  device: InformedDevice;
  inform: InformRequest;
  /** Event codes as the codec canonicalised them ("1 BOOT", "4 VALUE CHANGE" ...). */
  codes: ReadonlySet<string>;
  firstContact: boolean;
}

/** A finished task's columns the reacting domains decide on. */
export interface FinishedTask {
  createdBy: string;
  name: string;
  /** As stored (secret values sealed). */
  request: unknown;
  sentAt: Date | null;
}

export interface TaskFinishedEvent {
  deviceId: number;
  taskId: number;
  /** The CPE's answer name ("Fault" for a fault), or "failed" when the ACS ended the task. */
  outcome: string;
  /**
   * The task as the answer found it, when the session has it (an answer stored): handlers use it
   * instead of each reading the row again (server/tasks/finished.ts).
   */
  task?: FinishedTask;
  /**
   * The values answer of a whole-tree read stored together with its names answer
   * (devices/whole-tree-read.ts): its values. Everything under the read's root is now what this read
   * reported (entries the names answer did not list were dropped), so a handler may take the values
   * from here instead of reading the document back. As the CPE sent them: secret values (a Wi-Fi
   * key) are included, so a handler takes only the entries it needs and never logs, stores or returns
   * the list (the document keeps secrets without their values).
   */
  wholeTreeValues?: readonly ParameterValue[];
}

type Handler<E> = (event: E) => Promise<void>;

interface Registry {
  inform: { name: string; handler: Handler<InformRecordedEvent> }[];
  task: { name: string; handler: Handler<TaskFinishedEvent> }[];
}

// One registry per process: the custom server registers, the session (same module copy) emits.
const slot = processSlot<{ registry: Registry }>("sessionEvents");
const registry = (): Registry => (slot.registry ??= { inform: [], task: [] });

export function onInformRecorded(name: string, handler: Handler<InformRecordedEvent>): () => void {
  const list = registry().inform;
  const entry = { name, handler };
  list.push(entry);
  return () => void list.splice(list.indexOf(entry), 1);
}

export function onTaskFinished(name: string, handler: Handler<TaskFinishedEvent>): () => void {
  const list = registry().task;
  const entry = { name, handler };
  list.push(entry);
  return () => void list.splice(list.indexOf(entry), 1);
}

async function run<E>(
  kind: string,
  list: { name: string; handler: Handler<E> }[],
  event: E,
  deviceId: number,
) {
  for (const { name, handler } of [...list]) {
    try {
      await handler(event);
    } catch (error) {
      logger("session-events").error(
        { err: error, deviceId, handler: name, event: kind },
        "event handler failed",
      );
    }
  }
}

export const emitInformRecorded = (e: InformRecordedEvent) =>
  run("inform.recorded", registry().inform, e, e.device.id);
export const emitTaskFinished = (e: TaskFinishedEvent) =>
  run("task.finished", registry().task, e, e.deviceId);
