// The DM session machine against a scripted client that misbehaves: every task ends, commands are never
// issued while the previous set is unanswered, large objects are split to the client's MaxMsgSize and
// assembled from the client's chunks, authentication failures and replayed nonces are refused.
import { beforeEach, describe, expect, it } from "vitest";
import { AUTH_TYPES, hmacHeader, hmacMac, md5Credential } from "../auth";
import {
  serializeSyncML,
  type Command,
  type Cred,
  type ItemCommand,
  type StatusCommand,
  type SyncMLMessage,
} from "../syncml";
import { nonceBytes } from "./auth-check";
import { handleMessage, type DmTransition } from "./machine";
import { MemoryDmBackend } from "./memory-backend";
import type { DmSessionConfig, DmSessionState } from "./state";

const DEV = "IMEI:490154203237518";
const PASSWORD = "client-secret";
const config: DmSessionConfig = {
  serverUrl: "http://127.0.0.1:7551/",
  serverMaxMsgSize: 65_536,
  serverMaxObjSize: 100_000,
  allowBasic: false,
  maxAuthFailures: 3,
};

let backend: MemoryDmBackend;
let msgId = 0;

beforeEach(() => {
  backend = new MemoryDmBackend(3);
  backend.addAccount(DEV, {
    clientUsername: DEV,
    clientPassword: PASSWORD,
    clientNonce: "",
    serverId: "vantage",
    serverPassword: "server-secret",
    serverNonce: "",
    authType: AUTH_TYPES.md5,
  });
  msgId = 0;
});

const md5 = (nonce: string, password = PASSWORD): Cred => ({
  meta: { type: AUTH_TYPES.md5, format: "b64" },
  data: md5Credential(DEV, password, nonceBytes(nonce)),
});

function message(
  commands: Command[],
  opts: { cred?: Cred; final?: boolean; maxMsgSize?: number; maxObjSize?: number } = {},
): SyncMLMessage {
  msgId++;
  return {
    header: {
      verDTD: "1.2",
      verProto: "DM/1.2",
      sessionId: "1A",
      msgId: String(msgId),
      target: { locUri: config.serverUrl },
      source: { locUri: DEV },
      ...(opts.cred ? { cred: opts.cred } : {}),
      meta: {
        maxMsgSize: opts.maxMsgSize ?? 16_384,
        ...(opts.maxObjSize ? { maxObjSize: opts.maxObjSize } : {}),
      },
    },
    body: { commands, final: opts.final ?? true },
  };
}

function package1(opts: Parameters<typeof message>[1] = {}, alert = 1201): SyncMLMessage {
  return message(
    [
      { kind: "Alert", cmdId: "1", code: alert, items: [] },
      {
        kind: "Replace",
        cmdId: "2",
        items: [
          { source: { locUri: "./DevInfo/DevId" }, data: DEV },
          { source: { locUri: "./DevInfo/Man" }, data: "Vantage Labs" },
          { source: { locUri: "./DevInfo/Mod" }, data: "VL-Phone" },
        ],
      },
    ],
    opts,
  );
}

async function send(
  state: DmSessionState | undefined,
  m: SyncMLMessage,
  hmac?: string,
): Promise<DmTransition> {
  const bytes = serializeSyncML(m, "xml");
  if (!bytes.ok) throw bytes.error;
  return handleMessage(
    state,
    "token-1",
    {
      message: m,
      body: bytes.value,
      encoding: "xml",
      remoteAddress: "127.0.0.1",
      ...(hmac ? { hmacHeader: hmac } : {}),
    },
    config,
    backend,
  );
}

const statuses = (m: SyncMLMessage) => m.body.commands.filter((c): c is StatusCommand => c.kind === "Status");
const hdr = (m: SyncMLMessage) => statuses(m).find((s) => s.cmdRef === "0")!;
const commands = (m: SyncMLMessage) =>
  m.body.commands.filter((c): c is ItemCommand =>
    ["Get", "Replace", "Add", "Delete", "Exec"].includes(c.kind),
  );

/** Package 1 with valid credentials: the transition after the 212. */
async function authenticated(opts: Parameters<typeof message>[1] = {}): Promise<DmTransition> {
  const nonce = backend.accounts.get(DEV)!.clientNonce;
  const t = await send(undefined, package1({ ...opts, cred: md5(nonce) }));
  expect(hdr(t.reply).code).toBe(212);
  return t;
}

function answer(
  t: DmTransition,
  code = 200,
  extra: Command[] = [],
  opts: { final?: boolean } = {},
): SyncMLMessage {
  const own: Command[] = commands(t.reply).map((c, i) => ({
    kind: "Status",
    cmdId: String(i + 1),
    msgRef: t.reply.header.msgId,
    cmdRef: c.cmdId,
    cmd: c.kind,
    targetRefs: [],
    sourceRefs: [],
    code,
    items: [],
  }));
  return message([...own, ...extra], opts);
}

function results(t: DmTransition, uri: string, data: string, more = false, size?: number): Command {
  const get = commands(t.reply).find((c) => c.kind === "Get")!;
  return {
    kind: "Results",
    cmdId: "90",
    msgRef: t.reply.header.msgId,
    cmdRef: get.cmdId,
    targetRefs: [],
    sourceRefs: [],
    items: [
      {
        source: { locUri: uri },
        meta: { format: "chr", ...(size !== undefined ? { size } : {}) },
        data,
        ...(more ? { moreData: true } : {}),
      },
    ],
  };
}

describe("authentication", () => {
  it("challenges a package 1 without credentials (407 + Chal), then accepts auth-md5 with the issued nonce", async () => {
    backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Lang" }]);
    const first = await send(undefined, package1());
    expect(hdr(first.reply).code).toBe(407);
    const nonce = hdr(first.reply).chal!.meta.nextNonce!;
    expect(nonce).toBe(backend.accounts.get(DEV)!.clientNonce);
    expect(first.reply.body.final).toBe(true);
    expect(commands(first.reply)).toEqual([]);
    const second = await send(first.state, package1({ cred: md5(nonce) }));
    expect(hdr(second.reply).code).toBe(212);
    // The next nonce comes with the 212; the server authenticates itself in package 2.
    expect(hdr(second.reply).chal!.meta.nextNonce).not.toBe(nonce);
    expect(second.reply.header.cred?.meta?.type).toBe(AUTH_TYPES.md5);
    expect(second.reply.header.respUri).toBe("http://127.0.0.1:7551/?s=token-1");
    expect(backend.devices.get(DEV)!.values["./DevInfo/Mod"]).toBe("VL-Phone");
  });

  it("refuses a wrong password (401) and ends the session after three failures", async () => {
    let t = await send(undefined, package1({ cred: md5("", "wrong") }));
    expect(hdr(t.reply).code).toBe(401);
    for (let i = 0; i < 2; i++)
      t = await send(t.state, package1({ cred: md5(hdr(t.reply).chal!.meta.nextNonce!, "wrong") }));
    expect(t.state.phase).toBe("ended");
    expect(t.reply.header.respUri).toBeUndefined();
  });

  it("refuses a replayed nonce: the same package 1 twice authenticates once", async () => {
    const replayed = package1({ cred: md5("") });
    const first = await send(undefined, replayed);
    expect(hdr(first.reply).code).toBe(212);
    const again = await send(undefined, replayed);
    expect(hdr(again.reply).code).toBe(401);
  });

  it("accepts the x-syncml-hmac header over the body", async () => {
    const m = package1();
    const body = serializeSyncML(m, "xml");
    if (!body.ok) throw body.error;
    const mac = hmacMac(DEV, PASSWORD, nonceBytes(""), body.value);
    const t = await send(undefined, m, hmacHeader({ username: DEV, mac }));
    expect(hdr(t.reply).code).toBe(212);
    const forged = await send(undefined, package1(), hmacHeader({ username: DEV, mac }));
    expect(hdr(forged.reply).code).toBe(401);
  });

  it("does not accept auth-basic unless allowed, and answers an unknown client 401", async () => {
    const basic: Cred = {
      meta: { type: AUTH_TYPES.basic, format: "b64" },
      data: Buffer.from(`${DEV}:${PASSWORD}`).toString("base64"),
    };
    expect(hdr((await send(undefined, package1({ cred: basic }))).reply).code).toBe(401);
    backend.accounts.delete(DEV);
    expect(hdr((await send(undefined, package1({ cred: md5("") }))).reply).code).toBe(401);
  });
});

describe("command sets", () => {
  it("sends the next set only once every command of the previous one has a Status", async () => {
    const a = backend.queue("DmGet", [{ kind: "Get", uri: "./DevDetail/FwV" }]);
    const b = backend.queue("DmGet", [{ kind: "Get", uri: "./DevDetail/SwV" }]);
    const t1 = await authenticated();
    expect(commands(t1.reply).map((c) => c.items[0]!.target!.locUri)).toEqual(["./DevDetail/FwV"]);
    // The client's package continues (no Final, nothing answered): asked for more, no new commands.
    const t2 = await send(t1.state, message([], { final: false }));
    expect(commands(t2.reply)).toEqual([]);
    expect(t2.reply.body.commands.some((c) => c.kind === "Alert" && c.code === 1222)).toBe(true);
    expect(t2.state.outstanding).toHaveLength(1);
    const t3 = await send(t2.state, answer(t1, 200, [results(t1, "./DevDetail/FwV", "1.0.3")]));
    expect(a.state).toBe("done");
    expect(a.outcome).toMatchObject({
      kind: "done",
      answers: [{ status: 200, results: [{ uri: "./DevDetail/FwV", data: "1.0.3" }] }],
    });
    expect(commands(t3.reply).map((c) => c.items[0]!.target!.locUri)).toEqual(["./DevDetail/SwV"]);
    const t4 = await send(t3.state, answer(t3, 200, [results(t3, "./DevDetail/SwV", "2.1")]));
    expect(b.state).toBe("done");
    expect(t4.state.phase).toBe("ended");
    expect(commands(t4.reply)).toEqual([]);
    expect(t4.reply.body.final).toBe(true);
  });

  it("ends a task as a fault when the client answers without Status, and goes on with the next", async () => {
    const a = backend.queue("DmReplace", [{ kind: "Replace", uri: "./DevInfo/Lang", data: "fr" }]);
    const b = backend.queue("DmExec", [{ kind: "Exec", uri: "./Ext/Reboot" }]);
    const t1 = await authenticated();
    const t2 = await send(t1.state, message([]));
    expect(a.state).toBe("fault");
    expect(a.outcome).toMatchObject({
      kind: "fault",
      message: "Replace ./DevInfo/Lang: no Status from the device",
    });
    expect(commands(t2.reply)[0]!.kind).toBe("Exec");
    await send(t2.state, answer(t2, 405));
    expect(b.outcome).toMatchObject({
      kind: "fault",
      code: 405,
      message: "Exec ./Ext/Reboot: 405 command not allowed",
    });
  });

  it("ignores a Status for an unknown CmdRef and faults the command it did not answer", async () => {
    const a = backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Lang" }]);
    const t1 = await authenticated();
    const stray: Command = {
      kind: "Status",
      cmdId: "1",
      msgRef: t1.reply.header.msgId,
      cmdRef: "77",
      cmd: "Get",
      targetRefs: [],
      sourceRefs: [],
      code: 200,
      items: [],
    };
    const t2 = await send(t1.state, message([stray]));
    expect(a.state).toBe("fault");
    expect(t2.state.notes.join("\n")).toMatch(/unknown CmdRef 77/);
  });

  it("faults a Get answered 200 without Results or with Results for another URI", async () => {
    const a = backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Lang" }]);
    const b = backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Man" }]);
    const t1 = await authenticated();
    const t2 = await send(t1.state, answer(t1, 200));
    expect(a.outcome).toMatchObject({
      kind: "fault",
      message: "Get ./DevInfo/Lang: answered without Results",
    });
    await send(t2.state, answer(t2, 200, [results(t2, "./DMAcc/1/AAuthSecret", "x")]));
    expect(b.outcome?.kind).toBe("fault");
    expect(b.outcome?.kind === "fault" && b.outcome.message).toMatch(/Results for \.\/DMAcc\/1\/AAuthSecret/);
  });

  it("leaves an Exec accepted for processing (202) waiting", async () => {
    const a = backend.queue("DmExec", [
      { kind: "Exec", uri: "./FUMO/1/DownloadAndUpdate", correlator: "c-1" },
    ]);
    const t1 = await authenticated();
    expect(commands(t1.reply)[0]!.correlator).toBe("c-1");
    await send(t1.state, answer(t1, 202));
    expect(a.state).toBe("waiting");
  });

  it("abandons the task in flight when the client starts a new session, repeats it, and ends it at the cap", async () => {
    const a = backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Lang" }]);
    let t = await authenticated();
    for (let attempt = 1; attempt < 3; attempt++) {
      expect(a.attempts).toBe(attempt);
      // A disconnect or a fresh package 1 instead of answering: the task is sent again.
      t = await send(t.state, package1({ cred: md5(backend.accounts.get(DEV)!.clientNonce) }));
      expect(a.lastError).toMatch(/new session/);
      expect(commands(t.reply)).toHaveLength(1);
    }
    t = await send(t.state, package1({ cred: md5(backend.accounts.get(DEV)!.clientNonce) }));
    expect(a.state).toBe("fault");
    expect(t.state.phase).toBe("ended");
  });

  it("answers commands a client may not send with 405 and unknown ones with 406", async () => {
    const t1 = await authenticated();
    backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Lang" }]);
    const t2 = await send(
      { ...t1.state, phase: "commands" },
      message([
        { kind: "Get", cmdId: "1", items: [{ target: { locUri: "./Secret" } }] },
        { kind: "Unknown", name: "Sync", cmdId: "2" },
      ]),
    );
    expect(statuses(t2.reply).map((s) => [s.cmd, s.code])).toEqual([
      ["SyncHdr", 200],
      ["Get", 405],
      ["Sync", 406],
    ]);
  });

  it("reports a Generic Alert (1226) in package 1 to the backend", async () => {
    const m = package1({ cred: md5("") });
    m.body.commands.push({
      kind: "Alert",
      cmdId: "3",
      code: 1226,
      correlator: "c-9",
      items: [
        {
          source: { locUri: "./FUMO/1" },
          meta: { type: "org.openmobilealliance.dm.firmwareupdate.downloadandupdate", format: "int" },
          data: "200",
        },
      ],
    });
    await send(undefined, m);
    expect(backend.alerts).toEqual([
      {
        source: "./FUMO/1",
        type: "org.openmobilealliance.dm.firmwareupdate.downloadandupdate",
        format: "int",
        data: "200",
        correlator: "c-9",
      },
    ]);
  });
});

describe("MaxMsgSize and MaxObjSize", () => {
  it("splits a large Replace over several messages within the client's MaxMsgSize (MoreData, Size, no Final)", async () => {
    const value = "é".repeat(500) + "x".repeat(6000);
    const a = backend.queue("DmReplace", [{ kind: "Replace", uri: "./Ext/Big", data: value, format: "chr" }]);
    let t = await authenticated({ maxMsgSize: 2048 });
    let assembled = "";
    for (let i = 0; i < 20 && commands(t.reply).length > 0; i++) {
      const bytes = serializeSyncML(t.reply, "xml");
      if (!bytes.ok) throw bytes.error;
      expect(bytes.value.length).toBeLessThanOrEqual(2048);
      const item = commands(t.reply)[0]!.items[0]!;
      if (i === 0) expect(item.meta?.size).toBe(Buffer.byteLength(value));
      assembled += item.data as string;
      expect(t.reply.body.final).toBe(!item.moreData);
      const alert: Command[] = item.moreData ? [{ kind: "Alert", cmdId: "50", code: 1222, items: [] }] : [];
      t = await send(t.state, answer(t, item.moreData ? 213 : 200, alert));
    }
    expect(assembled).toBe(value);
    expect(a.state).toBe("done");
  });

  it("assembles Results the client splits (213 per chunk, Alert 1222) and refuses a size mismatch (424)", async () => {
    const a = backend.queue("DmGet", [{ kind: "Get", uri: "./Ext/Log" }]);
    const b = backend.queue("DmGet", [{ kind: "Get", uri: "./Ext/Log2" }]);
    const t1 = await authenticated();
    const t2 = await send(
      t1.state,
      answer(t1, 200, [results(t1, "./Ext/Log", "part one, ", true, 18)], { final: false }),
    );
    const chunkStatus = statuses(t2.reply).find((s) => s.cmd === "Results")!;
    expect(chunkStatus.code).toBe(213);
    expect(t2.reply.body.commands.some((c) => c.kind === "Alert" && c.code === 1222)).toBe(true);
    expect(commands(t2.reply)).toEqual([]);
    const t3 = await send(t2.state, message([results(t1, "./Ext/Log", "part two")]));
    expect(a.outcome).toMatchObject({
      kind: "done",
      answers: [{ results: [{ data: "part one, part two" }] }],
    });
    const t4 = await send(
      t3.state,
      answer(t3, 200, [results(t3, "./Ext/Log2", "abc", true, 99)], { final: false }),
    );
    await send(t4.state, message([results(t3, "./Ext/Log2", "def")]));
    expect(b.outcome).toMatchObject({ kind: "fault", code: 424 });
  });

  it("refuses Results chunks that grow past the server's MaxObjSize (413) and ends the task", async () => {
    const a = backend.queue("DmGet", [{ kind: "Get", uri: "./Ext/Huge" }]);
    const t1 = await authenticated();
    const chunk = "y".repeat(60_000);
    const t2 = await send(
      t1.state,
      answer(t1, 200, [results(t1, "./Ext/Huge", chunk, true)], { final: false }),
    );
    const t3 = await send(t2.state, message([results(t1, "./Ext/Huge", chunk, true)], { final: false }));
    expect(statuses(t3.reply).find((s) => s.cmd === "Results")?.code).toBe(413);
    await send(t3.state, message([]));
    expect(a.outcome).toMatchObject({ kind: "fault", code: 413 });
  });

  it("refuses to send an object larger than the client's MaxObjSize (413) and goes on", async () => {
    const a = backend.queue("DmReplace", [{ kind: "Replace", uri: "./Ext/Big", data: "x".repeat(500) }]);
    const b = backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Lang" }]);
    const t = await authenticated({ maxObjSize: 100 });
    expect(a.outcome).toMatchObject({ kind: "fault", code: 413 });
    expect(commands(t.reply).map((c) => c.kind)).toEqual(["Get"]);
    expect(b.state).toBe("sent");
  });
});
