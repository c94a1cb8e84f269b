// Session ids alive in this process, whichever listener (HTTP, TLS) runs them: admission uses it to
// tell this node's dead lock holders (release failed) from live ones.
import { ChurnMap } from "../churn-map";
import type { CwmpObserver, SessionOutcome } from "../observer";
import type { DeviceIdStruct } from "../soap/types";
import type { Session } from "./session";

// ChurnMaps, not a Map and a Set: sessions come and go all the time (server/cwmp/churn-map.ts).
const liveInProcess = new ChurnMap<string, true>();

export function isLiveInProcess(sessionId: string): boolean {
  return liveInProcess.has(sessionId);
}

const endListeners = new Set<() => void>();

/** `listener` runs whenever a session of this process ends (admission hands its slot on); returns the unsubscribe. */
export function onSessionEnded(listener: () => void): () => void {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

/** Sessions open in this process, all listeners together (the node's admission limit counts these). */
export function liveSessionCount(): number {
  return liveInProcess.size;
}

/**
 * An engine's sessions, mirrored into the process-wide set. Every end of a session (done, refused,
 * abandoned, timed out) deletes it from here, so this is where the observer learns how it ended.
 */
export class SessionMap {
  private readonly byId = new ChurnMap<string, Session>();
  /** Identified sessions by device: an Inform finds its device's older sessions without a scan. */
  private readonly byDevice = new ChurnMap<string, Set<Session>>();

  constructor(private readonly observer?: CwmpObserver) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Session | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Live sessions; ones that end meanwhile may or may not be visited (copy to end sessions). */
  values(): IterableIterator<Session> {
    return this.byId.values();
  }

  /** The session is its Inform's device's from now on (Session.identity). */
  identify(session: Session, device: DeviceIdStruct): void {
    session.identity = device;
    // One that ended meanwhile is not indexed: nothing would take it out again.
    if (this.get(session.id) !== session) return;
    const key = deviceKey(device);
    const sessions = this.byDevice.get(key);
    if (sessions) sessions.add(session);
    else this.byDevice.set(key, new Set([session]));
  }

  /** This engine's live sessions with the device (by OUI, product class and serial number). */
  ofDevice(device: DeviceIdStruct): Session[] {
    const sessions = this.byDevice.get(deviceKey(device));
    return sessions ? [...sessions] : [];
  }

  set(id: string, session: Session): this {
    liveInProcess.set(id, true);
    this.byId.set(id, session);
    return this;
  }

  delete(id: string): boolean {
    liveInProcess.delete(id);
    const session = this.byId.get(id);
    const deleted = this.byId.delete(id);
    if (session?.identity) {
      const key = deviceKey(session.identity);
      const sessions = this.byDevice.get(key);
      if (sessions?.delete(session) && sessions.size === 0) this.byDevice.delete(key);
    }
    if (deleted && session && this.observer?.sessionEnded) {
      this.observer.sessionEnded(outcomeOf(session), Date.now() - session.openedAt);
    }
    if (deleted) for (const listener of endListeners) listener();
    return deleted;
  }
}

/** A session that never got its device was not admitted; one that ran out of work completed. */
function outcomeOf(session: Session): SessionOutcome {
  if (session.deviceId === undefined) return "refused";
  return session.state.kind === "ended" && session.state.reason === "done" ? "completed" : "failed";
}

function deviceKey(device: DeviceIdStruct): string {
  return `${device.oui}\u0000${device.productClass}\u0000${device.serialNumber}`;
}
