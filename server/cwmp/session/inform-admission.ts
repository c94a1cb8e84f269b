// Admission: whether an Inform opens a session, decided before anything of it is written. A new
// Inform supersedes the device's older sessions here, takes over this node's dead locks, and is
// refused (403 by the backend's identity rules, 503 while draining or locked elsewhere) otherwise.
// Every 503 carries a Retry-After with jitter (admission-control.ts), so devices refused together do
// not come back together.
import type { CwmpHeader, InformRequest } from "../soap/types";
import { busyReply, DEFAULT_RETRY_AFTER } from "./admission-control";
import type { BeginSessionResult } from "./backend";
import { isLiveInProcess } from "./live-sessions";
import { envelopeReply } from "./replies";
import { endSession } from "./session-end";
import { lockTtl, type Reply, type Session, type SessionRuntime } from "./session";

export async function admitInform(
  rt: SessionRuntime,
  session: Session,
  inform: InformRequest,
  header: CwmpHeader | undefined,
): Promise<Reply> {
  if (rt.draining()) return refuseInform(rt, session, inform, "ACS shutting down");
  rt.sessions.identify(session, inform.deviceId);
  // The device opened a new session: any session of ours with it is over (it will never answer
  // there), whichever connection it used. Release it before taking the lock.
  for (const other of rt.sessions.ofDevice(inform.deviceId)) {
    if (other !== session && !other.busy) await endSession(rt, other, { kind: "superseded" });
  }
  let begun = await begin(rt, session, inform);
  if (begun.status === "locked" && begun.holder !== undefined) {
    // Our own session holds the lock (e.g. under another identity spelling): take it over once.
    const holder = rt.sessions.get(begun.holder);
    if (holder && holder !== session && !holder.busy) {
      await endSession(rt, holder, { kind: "superseded" });
      begun = await begin(rt, session, inform);
    }
  }
  if (
    begun.status === "locked" &&
    begun.holder !== undefined &&
    begun.holderOnThisNode === true &&
    !isLiveInProcess(begun.holder)
  ) {
    // This node's lock, but no such session lives in this process: it is dead (its release failed,
    // e.g. while the database was restarting). The device's new Inform takes the lock over.
    begun = await begin(rt, session, inform, begun.holder);
  }
  if (begun.status === "locked" && begun.holder !== undefined && begun.holderNodeGone === true) {
    // Another node's lock, and that node is dead (its heartbeat lapsed: killed, or its machine gone):
    // its session will never end, so the device's new Inform takes the lock over now.
    begun = await begin(rt, session, inform, begun.holder);
  }
  if (begun.status === "refused") {
    session.state = { kind: "ended", reason: "aborted" };
    rt.sessions.delete(session.id);
    session.log.warn(
      { serial: inform.deviceId.serialNumber, remote: session.remoteAddress, reason: begun.reason },
      "Inform refused with 403",
    );
    return { status: 403, ended: true };
  }
  if (begun.status === "locked") {
    const local = begun.holder !== undefined && rt.sessions.has(begun.holder);
    return refuseInform(
      rt,
      session,
      inform,
      local ? "the device's session in this process is busy" : "device locked by another session",
    );
  }
  session.deviceId = begun.deviceId;
  const out: CwmpHeader = { id: header?.id ?? "1" };
  if (header?.supportedCwmpVersions) out.useCwmpVersion = pickVersion(header.supportedCwmpVersions);
  return envelopeReply(session, { name: "InformResponse", maxEnvelopes: 1 }, undefined, out);
}

/**
 * 503 + Retry-After (the engine's policy, jittered; at least `minSeconds`) for an Inform we will not
 * serve now; always logged with the device.
 */
export function refuseInform(
  rt: SessionRuntime,
  session: Session,
  inform: InformRequest,
  reason: string,
  minSeconds = 0,
): Reply {
  session.state = { kind: "ended", reason: "aborted" };
  rt.sessions.delete(session.id);
  session.log.warn(
    {
      serial: inform.deviceId.serialNumber,
      oui: inform.deviceId.oui,
      remote: session.remoteAddress,
      reason,
    },
    "Inform refused with 503",
  );
  const policy = rt.options.retryAfter ?? DEFAULT_RETRY_AFTER;
  return busyReply({ ...policy, baseSeconds: Math.max(minSeconds, policy.baseSeconds) });
}

function begin(
  rt: SessionRuntime,
  session: Session,
  inform: InformRequest,
  staleHolder?: string,
): Promise<BeginSessionResult> {
  return rt.backend.beginSession({
    inform,
    sessionId: session.id,
    remoteAddress: session.remoteAddress,
    principal: session.principal,
    cwmpVersion: session.version,
    lockTtlMs: lockTtl(rt.options),
    ...(staleHolder ? { staleHolder } : {}),
  });
}

/** Highest version both sides speak, from the CPE's SupportedCWMPVersions (e.g. "1.0,1.1,1.2,1.4"). */
export function pickVersion(supported: string): string {
  const ours = ["1.4", "1.3", "1.2", "1.1", "1.0"];
  const theirs = new Set(supported.split(",").map((v) => v.trim()));
  return ours.find((v) => theirs.has(v)) ?? "1.0";
}
