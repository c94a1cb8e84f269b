// One CWMP session from the CPE's side (TR-069 3.7): Inform, the CPE's own requests (unless the ACS
// holds them), an empty POST, then answer each ACS request until the ACS sends an empty response.
import { parseEnvelope, serializeEnvelope } from "../server/cwmp/soap/index";
import type {
  AcsRequest,
  CpeRequest,
  CwmpMessage,
  Envelope,
  EventStruct,
  FromAcs,
} from "../server/cwmp/soap/types";
import { isoNow } from "./build-common";
import type { SimDevice } from "./device";
import { CpeHttpClient, retryAfterMs } from "./http-client";
import { handleAcsRequest } from "./rpc";

const CWMP_NS = "urn:dslforum-org:cwmp-1-2";
/** Bound on messages per session: a misbehaving ACS cannot keep a simulated CPE forever. */
const MAX_MESSAGES = 500;

export interface SessionOptions {
  faultRate?: number;
  latencyMs?: number;
  timeoutMs?: number;
  /** observer of every message exchanged (tests, debugging) */
  onMessage?: (direction: "cpe" | "acs", msg: CwmpMessage | null) => void;
}

export interface SessionResult {
  ok: boolean;
  error?: string;
  events: EventStruct[];
  /** ACS requests answered */
  rpcs: number;
  /** The ACS refused the session with 503 and asked to come back after this long (ms, bounded). */
  retryAfterMs?: number;
  /** Inform sent -> InformResponse received (ms), when the ACS admitted the session. */
  informMs?: number;
}

class SessionError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSession(device: SimDevice, opts: SessionOptions = {}): Promise<SessionResult> {
  const events = device.informEvents();
  const client = new CpeHttpClient(
    device.ms("URL"),
    device.ms("Username"),
    device.ms("Password"),
    opts.timeoutMs,
  );
  let seq = 0;
  let rpcs = 0;
  let informMs: number | undefined;
  const envelope = (body: CwmpMessage, id?: string): string =>
    serializeEnvelope({
      cwmpNamespace: CWMP_NS,
      version: "1.2",
      header: { id: id ?? `${device.serial}-${Date.now().toString(36)}-${++seq}` },
      body,
    });

  const exchange = async (msg: CwmpMessage | null, id?: string): Promise<Envelope<FromAcs> | null> => {
    if (opts.latencyMs) await sleep(opts.latencyMs);
    opts.onMessage?.("cpe", msg);
    const reply = await client.post(msg ? envelope(msg, id) : "");
    if (reply.status === 204 || (reply.status === 200 && reply.body.trim() === "")) {
      opts.onMessage?.("acs", null);
      return null;
    }
    if (reply.status !== 200) {
      // 503 + Retry-After (a busy ACS, TR-069 3.4.1): come back when told; the events stay pending.
      const wait = reply.status === 503 ? retryAfterMs(reply.headers) : undefined;
      throw new SessionError(`HTTP ${reply.status}`, wait);
    }
    const env = parseEnvelope(reply.body) as Envelope<FromAcs>;
    opts.onMessage?.("acs", env.body);
    return env;
  };

  try {
    const inform: CpeRequest = {
      name: "Inform",
      deviceId: {
        manufacturer: device.get(`${device.root}DeviceInfo.Manufacturer`) ?? "",
        oui: device.identity.vendor.oui,
        productClass: device.identity.vendor.productClass,
        serialNumber: device.serial,
      },
      events,
      maxEnvelopes: 1,
      currentTime: isoNow(),
      retryCount: device.retryCount,
      parameterList: device.informParameters(),
    };
    const sent = performance.now();
    const first = await exchange(inform);
    informMs = performance.now() - sent;
    if (!first || first.body.name !== "InformResponse") {
      throw new SessionError(`Inform answered with ${first ? first.body.name : "an empty response"}`);
    }
    let hold = first.header.holdRequests === true;
    let current: Envelope<FromAcs> | null = first;
    let awaiting: CpeRequest | null = null;
    let done = false;
    for (let n = 0; n < MAX_MESSAGES && !done; n++) {
      const body = current?.body;
      if (current) hold = current.header.holdRequests === true;
      if (body && body.name === "Fault") {
        // 8005 on a CPE request: send it again; any other fault ends the session as failed.
        if (body.faultCode === 8005 && awaiting) {
          current = await exchange(awaiting);
          continue;
        }
        // A refused RequestDownload is an answer (the ACS's policy said no): drop it and go on.
        if (awaiting?.name === "RequestDownload") {
          device.pendingRequests = device.pendingRequests.filter((r) => r !== awaiting);
          awaiting = null;
          current = { ...current!, body: { name: "RequestDownloadResponse" } };
          continue;
        }
        throw new SessionError(`ACS fault ${body.faultCode} ${body.faultString}`);
      }
      if (body && !body.name.endsWith("Response")) {
        // An ACS request (GetRPCMethodsResponse is the only ACS->CPE name ending in Response that we send).
        const answer = handleAcsRequest(device, body as AcsRequest, { faultRate: opts.faultRate });
        rpcs++;
        current = await exchange(answer, current?.header.id);
        continue;
      }
      if (awaiting && body?.name === `${awaiting.name}Response`) {
        device.pendingRequests = device.pendingRequests.filter((r) => r !== awaiting);
      }
      awaiting = null;
      // Our turn: a pending CPE request (unless held), else an empty POST; an empty ACS reply to an
      // empty POST (or when we have nothing left) ends the session.
      const next = hold ? undefined : device.pendingRequests[0];
      if (next) {
        awaiting = next;
        current = await exchange(next);
        continue;
      }
      if (current === null) done = true;
      else {
        current = await exchange(null);
        done = current === null;
      }
    }
    if (!done) throw new SessionError(`more than ${MAX_MESSAGES} messages`);
    device.sessionSucceeded(events);
    return { ok: true, events, rpcs, informMs };
  } catch (err) {
    const retryAfter = err instanceof SessionError ? err.retryAfterMs : undefined;
    return {
      ok: false,
      error: err instanceof Error ? err.message : String(err),
      events,
      rpcs,
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
      ...(informMs !== undefined ? { informMs } : {}),
    };
  } finally {
    client.close();
  }
}
