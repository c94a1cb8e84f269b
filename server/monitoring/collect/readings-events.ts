// "A device's statistics were read": the monitoring collector (BulkData reports, polled answers) tells
// the domains that use the same readings (audience measurement) instead of calling them. Handlers run
// after the monitoring rows were written, awaited in registration order; one that throws is logged and
// skipped, so audience collection can never fail monitoring's ingest or another handler.
import type { IntervalSource, StreamInterval } from "../../../lib/monitoring/intervals";
import { processSlot } from "../../core/process-slot";
import { logger } from "../../logger";

export interface ReadingsIngestedEvent {
  deviceId: number;
  /** The readings as received, oldest first: `at` (ms, skew-corrected) and the values by path */
  readings: readonly { at: number; values: ReadonlyMap<string, string> }[];
  /** The stream intervals made from them (channel resolved from the line-up) */
  streams: readonly StreamInterval[];
  source: IntervalSource;
  receivedAt: number;
}

type Handler = (event: ReadingsIngestedEvent) => Promise<void>;
const slot = processSlot<{ handlers: { name: string; handler: Handler }[] }>("readingsIngested");
const handlers = () => (slot.handlers ??= []);

export function onReadingsIngested(name: string, handler: Handler): () => void {
  const entry = { name, handler };
  handlers().push(entry);
  return () => void handlers().splice(handlers().indexOf(entry), 1);
}

export async function emitReadingsIngested(event: ReadingsIngestedEvent): Promise<void> {
  for (const { name, handler } of [...handlers()]) {
    try {
      await handler(event);
    } catch (err) {
      logger("monitoring").error({ err, handler: name, deviceId: event.deviceId }, "readings handler failed");
    }
  }
}
