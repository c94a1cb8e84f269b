// The domain events integrators can subscribe to (server/events/outbox.ts writes them; the webhooks
// console lists them). Here, in lib/, because the browser's subscription form needs the list too.
export const OUTBOX_EVENT_TYPES = [
  "device.registered",
  "device.bootstrap",
  "device.identity_conflict",
  "task.done",
  "task.failed",
  "alarm.raised",
  "alarm.cleared",
  "incident.opened",
  "image.published",
  "wave.started",
  "wave.stage_completed",
  "wave.paused",
  "wave.resumed",
  "wave.finished",
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];
