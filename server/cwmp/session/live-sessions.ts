// Session ids alive in this process, whichever listener (HTTP, TLS) runs them: admission uses it to
// tell this node's dead lock holders (release failed) from live ones.
import type { Session } from "./session";

const liveInProcess = new Set<string>();

export function isLiveInProcess(sessionId: string): boolean {
  return liveInProcess.has(sessionId);
}

/** An engine's sessions, mirrored into the process-wide set. */
export class SessionMap extends Map<string, Session> {
  override set(id: string, session: Session): this {
    liveInProcess.add(id);
    return super.set(id, session);
  }

  override delete(id: string): boolean {
    liveInProcess.delete(id);
    return super.delete(id);
  }
}
