// The household domain as a service of the process: it subscribes to the session's events.
import { onInformRecorded, onTaskFinished } from "../events/session-events";
import { householdOnInform, householdOnTaskFinished } from "./association";

export function startHousehold(): { stop(): void } {
  const offInform = onInformRecorded("household", householdOnInform);
  const offTask = onTaskFinished("household", householdOnTaskFinished);
  return {
    stop() {
      offInform();
      offTask();
    },
  };
}
