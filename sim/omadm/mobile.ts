// A simulated OMA DM 1.2 mobile: one DM session at a time, XML or WBXML, auth-md5 with the nonce the
// server issued (Chal NextNonce), the server's credential checked and a new nonce issued to it, its
// package answered per spec (commands.ts), large objects split both ways within MaxMsgSize (MoreData,
// 213, Alert 1222), and FUMO DownloadAndUpdate run after the session and reported with Generic Alert
// 1226 (echoing the Correlator) in the next client-initiated session.
import {
  AUTH_TYPES,
  HMAC_HEADER,
  constantTimeEqual,
  hmacHeader,
  hmacMac,
  md5Credential,
  newNonce,
} from "../../server/omadm/auth";
import {
  CONTENT_TYPES,
  parseSyncML,
  serializeSyncML,
  type Command,
  type Item,
  type StatusCommand,
  type SyncMLMessage,
  type SyncmlEncoding,
} from "../../server/omadm/syncml";
import type { Rng } from "../prng";
import { answerCommand, type Answer, type ExecRequest } from "./commands";
import { runFumo } from "./fumo";
import { DmTree, type MobileIdentity } from "./tree";

export interface MobileOptions {
  identity: MobileIdentity;
  encoding: SyncmlEncoding;
  /** the MaxMsgSize this mobile declares (the server splits what it sends to fit) */
  maxMsgSize: number;
  maxObjSize?: number;
  /** client authentication: auth-md5 Cred in the SyncHdr (default) or the x-syncml-hmac header */
  auth?: "md5" | "hmac";
  failureRate: number;
  rng: Rng;
  /** ./DevInfo/Ext/NotifyAddr: where package 0 reaches this mobile (host:port) */
  notifyAddress?: string;
  largeLeafBytes?: number;
}

export interface SessionReport {
  ok: boolean;
  messages: number;
  reason?: string;
  /** the server's Cred checked (true), refused (false), or absent */
  serverAuthenticated?: boolean;
}

interface PendingChunk {
  msgRef: string;
  cmdRef: string;
  uri: string;
  format: string;
  data: string;
  offset: number;
}

const MAX_MESSAGES = 200;
const bytesOf = (nonce: string) => new Uint8Array(Buffer.from(nonce, "base64"));
const text = (data: string | Uint8Array | undefined): string =>
  typeof data === "string" ? data : Buffer.from(data ?? []).toString("utf8");

export class SimMobile {
  readonly tree: DmTree;
  clientNonce = "";
  serverNonce = "";
  readonly pendingAlerts: Command[] = [];
  readonly fumoRuns: Promise<void>[] = [];
  private incoming = new Map<string, { data: string; size?: number }>();
  private outgoing: PendingChunk | undefined;
  private running = false;
  private pendingWake: string | undefined;
  /** what crossed the wire, for tests and the CLI's summary */
  readonly stats = { sessions: 0, received: 0, largestReceived: 0, chunksReceived: 0, chunksSent: 0 };

  /** A session is in progress (a FUMO report waits for it to end). */
  get busy(): boolean {
    return this.running;
  }

  constructor(readonly options: MobileOptions) {
    this.tree = new DmTree(options.identity, options.largeLeafBytes);
  }

  get devId(): string {
    return this.options.identity.devId;
  }

  private header(msgId: number, sessionId: string, target: string, cred: boolean): SyncMLMessage["header"] {
    const id = this.options.identity;
    return {
      verDTD: "1.2",
      verProto: "DM/1.2",
      sessionId,
      msgId: String(msgId),
      target: { locUri: target },
      source: { locUri: id.devId },
      ...(cred && this.options.auth !== "hmac"
        ? {
            cred: {
              meta: { type: AUTH_TYPES.md5, format: "b64" },
              data: md5Credential(id.devId, id.clientPassword, bytesOf(this.clientNonce)),
            },
          }
        : {}),
      meta: {
        maxMsgSize: this.options.maxMsgSize,
        ...(this.options.maxObjSize ? { maxObjSize: this.options.maxObjSize } : {}),
      },
    };
  }

  private package1(alert: number, msgId: number, sessionId: string): SyncMLMessage {
    const devInfo = ["DevId", "Man", "Mod", "DmV", "Lang"].map((leaf): Item => ({
      source: { locUri: `./DevInfo/${leaf}` },
      meta: { format: "chr", type: "text/plain" },
      data: this.tree.nodes.get(`./DevInfo/${leaf}`)?.value ?? "",
    }));
    if (this.options.notifyAddress)
      devInfo.push({
        source: { locUri: "./DevInfo/Ext/NotifyAddr" },
        meta: { format: "chr" },
        data: this.options.notifyAddress,
      });
    const commands: Command[] = [
      { kind: "Alert", cmdId: "1", code: alert, items: [] },
      { kind: "Replace", cmdId: "2", items: devInfo },
      ...this.pendingAlerts.map((a, i) => ({ ...a, cmdId: String(3 + i) })),
    ];
    return {
      header: this.header(msgId, sessionId, this.options.identity.serverUrl, true),
      body: { commands, final: true },
    };
  }

  /** auth-MAC: x-syncml-hmac over every message body, with the nonce the server issued last. */
  private hmac(body: Uint8Array): Record<string, string> {
    if (this.options.auth !== "hmac") return {};
    const id = this.options.identity;
    const mac = hmacMac(id.devId, id.clientPassword, bytesOf(this.clientNonce), body);
    return { [HMAC_HEADER]: hmacHeader({ username: id.devId, mac }) };
  }

  private async post(url: string, message: SyncMLMessage): Promise<SyncMLMessage> {
    const body = serializeSyncML(message, this.options.encoding);
    if (!body.ok) throw body.error;
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": CONTENT_TYPES[this.options.encoding], ...this.hmac(body.value) },
      body: Buffer.from(body.value),
      signal: AbortSignal.timeout(15_000),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    this.stats.received++;
    this.stats.largestReceived = Math.max(this.stats.largestReceived, bytes.length);
    if (res.status !== 200)
      throw new Error(`HTTP ${res.status}: ${Buffer.from(bytes).toString("utf8").slice(0, 200)}`);
    const parsed = parseSyncML(bytes, res.headers.get("content-type") ?? undefined);
    if (!parsed.ok) throw parsed.error;
    return parsed.value;
  }

  /** One DM session: 1201 client-initiated, 1200 answering package 0 (sessionId = its id in hex). */
  async session(alert: 1200 | 1201 = 1201, sessionId = "1"): Promise<SessionReport> {
    if (this.running) {
      // A handset keeps a notification that arrives mid-session and answers it afterwards (one kept).
      if (alert === 1200) this.pendingWake = sessionId;
      return { ok: false, messages: 0, reason: "a session is already running" };
    }
    this.running = true;
    this.stats.sessions++;
    try {
      return await this.converse(alert, sessionId);
    } catch (error) {
      return { ok: false, messages: 0, reason: (error as Error).message };
    } finally {
      this.running = false;
      const wake = this.pendingWake;
      this.pendingWake = undefined;
      if (wake !== undefined) void this.session(1200, wake);
    }
  }

  private async converse(alert: 1200 | 1201, sessionId: string): Promise<SessionReport> {
    let url = this.options.identity.serverUrl;
    let msgId = 1;
    let authTries = 0;
    let serverAuthenticated: boolean | undefined;
    let out = this.package1(alert, msgId, sessionId);
    for (let messages = 1; messages <= MAX_MESSAGES; messages++) {
      const reply = await this.post(url, out);
      const hdr = reply.body.commands.find(
        (c): c is StatusCommand => c.kind === "Status" && c.cmdRef === "0",
      );
      const nonce = hdr?.chal?.meta.nextNonce;
      if (nonce !== undefined) this.clientNonce = nonce;
      if (hdr && (hdr.code === 401 || hdr.code === 407)) {
        if (++authTries > 2 || nonce === undefined)
          return { ok: false, messages, reason: `authentication refused (${hdr.code})` };
        out = this.package1(alert, ++msgId, sessionId);
        continue;
      }
      if (out.body.commands.some((c) => c.kind === "Alert" && c.code === 1226)) this.pendingAlerts.length = 0;
      if (reply.header.respUri) url = reply.header.respUri;
      const next = this.reply(reply, ++msgId, sessionId);
      if (next.serverAuthenticated !== undefined) serverAuthenticated = next.serverAuthenticated;
      if (!next.message)
        return { ok: true, messages, ...(serverAuthenticated !== undefined ? { serverAuthenticated } : {}) };
      out = next.message;
    }
    return { ok: false, messages: MAX_MESSAGES, reason: "too many messages" };
  }

  private verifyServer(reply: SyncMLMessage): boolean | undefined {
    const cred = reply.header.cred;
    if (!cred) return undefined;
    const id = this.options.identity;
    return constantTimeEqual(
      cred.data,
      md5Credential(id.serverId, id.serverPassword, bytesOf(this.serverNonce)),
    );
  }

  private reply(
    reply: SyncMLMessage,
    msgId: number,
    sessionId: string,
  ): { message?: SyncMLMessage; serverAuthenticated?: boolean } {
    const serverMsg = reply.header.msgId;
    const serverAuthenticated = this.verifyServer(reply);
    const commands: Command[] = [];
    const id = () => String(commands.length + 1);
    const status = (cmdRef: string, cmd: string, code: number, extra: Partial<StatusCommand> = {}) =>
      commands.push({
        kind: "Status",
        cmdId: id(),
        msgRef: serverMsg,
        cmdRef,
        cmd,
        targetRefs: [],
        sourceRefs: [],
        code,
        items: [],
        ...extra,
      });
    // Accepted: a fresh nonce for the server's next credential (and package 0 digest), in force
    // only if this reply is sent (a package 2 without commands gets none, per spec).
    const issued = serverAuthenticated === true ? newNonce() : undefined;
    if (issued !== undefined) {
      status("0", "SyncHdr", 212, {
        chal: { meta: { type: AUTH_TYPES.md5, format: "b64", nextNonce: issued } },
      });
    } else status("0", "SyncHdr", serverAuthenticated === false ? 401 : 200);
    const results: Answer[] = [];
    let wantsNext = false;
    let work = false;
    for (const c of reply.body.commands) {
      if (c.kind === "Alert") {
        if (c.code === 1222) wantsNext = true;
        status(c.cmdId, "Alert", 200);
        work = true;
        continue;
      }
      if (c.kind === "Status" || c.kind === "Results") continue;
      work = true;
      if (this.chunkIn(c)) {
        this.stats.chunksReceived++;
        status(c.cmdId, c.kind, 213);
        continue;
      }
      const whole = this.assembled(c);
      if (whole?.mismatch) {
        status(c.cmdId, c.kind, 424);
        continue;
      }
      for (const a of answerCommand(this.context(), c, whole?.data)) {
        status(a.cmdId, a.cmd, a.code, a.target ? { targetRefs: [a.target] } : {});
        if (a.results) results.push(a);
      }
    }
    const serverDone = reply.body.final;
    if (!work && serverDone && !this.outgoing) return { serverAuthenticated };
    const body = this.resultsFitting(reply, commands, results, serverMsg);
    if (!serverDone && !wantsNext && !this.outgoing)
      commands.push({ kind: "Alert", cmdId: id(), code: 1222, items: [] });
    if (issued !== undefined) this.serverNonce = issued;
    const message: SyncMLMessage = {
      header: this.header(msgId, sessionId, this.options.identity.serverUrl, false),
      body: { commands: body, final: this.outgoing === undefined },
    };
    return { message, serverAuthenticated };
  }

  private context() {
    return {
      tree: this.tree,
      rng: this.options.rng,
      failureRate: this.options.failureRate,
      onExec: (request: ExecRequest) => this.exec(request),
    };
  }

  private exec(request: ExecRequest): boolean {
    if (!/\/(DownloadAndUpdate|Download|Update)$/.test(request.uri)) return false;
    this.fumoRuns.push(runFumo(this, request));
    return true;
  }

  /** A Replace/Add chunk with MoreData: kept until the last one (answered 213). */
  private chunkIn(c: Command): boolean {
    if (c.kind !== "Replace" && c.kind !== "Add") return false;
    const item = c.items[0];
    const uri = item?.target?.locUri;
    if (!item || !uri || !item.moreData) return false;
    const prior = this.incoming.get(uri);
    const data = (prior?.data ?? "") + text(item.data);
    this.incoming.set(uri, { data, size: prior?.size ?? item.meta?.size });
    return true;
  }

  /** The whole object when `c` is the last chunk of one (mismatch: it differs from Meta Size). */
  private assembled(c: Command): { data: string; mismatch: boolean } | undefined {
    if (c.kind !== "Replace" && c.kind !== "Add") return undefined;
    const uri = c.items[0]?.target?.locUri ?? "";
    const prior = this.incoming.get(uri);
    if (!prior) return undefined;
    this.incoming.delete(uri);
    const data = prior.data + text(c.items[0]?.data);
    return { data, mismatch: prior.size !== undefined && Buffer.byteLength(data) !== prior.size };
  }

  /** Statuses, then Results; a Results too large for the server's MaxMsgSize goes in MoreData chunks. */
  private resultsFitting(
    reply: SyncMLMessage,
    statuses: Command[],
    answers: Answer[],
    serverMsg: string,
  ): Command[] {
    const limit = (reply.header.meta?.maxMsgSize ?? 16_384) - 1024;
    const out = [...statuses];
    const pending = this.outgoing;
    if (pending) {
      // The server acknowledged the previous chunk and asked for more: the next one.
      this.outgoing = undefined;
      out.push(this.chunkCommand(out, pending, limit));
      return out;
    }
    for (const a of answers) {
      for (const r of a.results ?? []) {
        const data = r.data;
        if (Buffer.byteLength(data) <= limit / 2) {
          out.push({
            kind: "Results",
            cmdId: String(out.length + 1),
            msgRef: serverMsg,
            cmdRef: a.cmdId,
            targetRefs: [],
            sourceRefs: [r.uri],
            items: [{ source: { locUri: r.uri }, meta: { format: r.format }, data }],
          });
          continue;
        }
        out.push(
          this.chunkCommand(
            out,
            { msgRef: serverMsg, cmdRef: a.cmdId, uri: r.uri, format: r.format, data, offset: 0 },
            limit,
          ),
        );
      }
    }
    return out;
  }

  private chunkCommand(out: Command[], chunk: PendingChunk, limit: number): Command {
    const size = Math.max(256, Math.floor(limit / 2));
    const piece = chunk.data.slice(chunk.offset, chunk.offset + size);
    const end = chunk.offset + piece.length;
    const more = end < chunk.data.length;
    if (more) this.outgoing = { ...chunk, offset: end };
    this.stats.chunksSent++;
    return {
      kind: "Results",
      cmdId: String(out.length + 1),
      msgRef: chunk.msgRef,
      cmdRef: chunk.cmdRef,
      targetRefs: [],
      sourceRefs: [chunk.uri],
      items: [
        {
          source: { locUri: chunk.uri },
          meta: {
            format: chunk.format,
            ...(chunk.offset === 0 ? { size: Buffer.byteLength(chunk.data) } : {}),
          },
          data: piece,
          ...(more ? { moreData: true } : {}),
        },
      ],
    };
  }
}
