// Polled statistics for devices without BulkData (server/monitoring/poll/service.ts).
import { onInformRecorded, onTaskFinished } from "../../events/session-events";
import { pollOnInform, pollOnTaskFinished } from "./service";

export { POLL_CREATOR } from "./service";

export function startMonitoringPoll(): { stop(): void } {
  const offInform = onInformRecorded("monitoring-poll", pollOnInform);
  const offTask = onTaskFinished("monitoring-poll", pollOnTaskFinished);
  return {
    stop() {
      offInform();
      offTask();
    },
  };
}
