// The profiles domain as a service of the process: it subscribes to the session's events.
import { onInformRecorded, onTaskFinished } from "../events/session-events";
import { profilesOnInform, profilesOnTaskFinished } from "./engine";

export function startProfiles(): { stop(): void } {
  const offInform = onInformRecorded("profiles", profilesOnInform);
  const offTask = onTaskFinished("profiles", profilesOnTaskFinished);
  return {
    stop() {
      offInform();
      offTask();
    },
  };
}
