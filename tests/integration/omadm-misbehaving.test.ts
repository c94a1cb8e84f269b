// A scripted handset misbehaving against the real DM server and database: it drops sessions after
// receiving a command and starts over with a new package 1 (the task is sent again, then ends as a
// fault at TASK_MAX_ATTEMPTS), replays an old package 1 (refused 401), answers with a Status for a
// command never sent (the task ends as a fault), and leaves no session state behind when done.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../server/db";
import { AUTH_TYPES, md5Credential } from "../../server/omadm/auth";
import {
  CONTENT_TYPES,
  parseSyncML,
  serializeSyncML,
  type Command,
  type StatusCommand,
  type SyncMLMessage,
} from "../../server/omadm/syncml";
import { insertDmTask } from "../../server/mobile/queue";
import { startTestServer, type TestServer } from "../support/test-server";

const PASSWORD = "bootstrap-secret";
const DEV = "IMEI:351111111111111";
let server: TestServer;
let nonce = "";
let msgId = 0;

beforeAll(async () => {
  server = await startTestServer({
    OMADM_ENABLED: "true",
    OMADM_PORT: "0",
    OMADM_DEFAULT_CLIENT_PASSWORD: PASSWORD,
    TASK_MAX_ATTEMPTS: "2",
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

function package1(): SyncMLMessage {
  return {
    header: {
      verDTD: "1.2",
      verProto: "DM/1.2",
      sessionId: "7",
      msgId: String(++msgId),
      target: { locUri: server.omadmUrl! },
      source: { locUri: DEV },
      cred: {
        meta: { type: AUTH_TYPES.md5, format: "b64" },
        data: md5Credential(DEV, PASSWORD, new Uint8Array(Buffer.from(nonce, "base64"))),
      },
      meta: { maxMsgSize: 16_384 },
    },
    body: {
      commands: [
        { kind: "Alert", cmdId: "1", code: 1201, items: [] },
        { kind: "Replace", cmdId: "2", items: [{ source: { locUri: "./DevInfo/Man" }, data: "Scripted" }] },
      ],
      final: true,
    },
  };
}

async function post(url: string, message: SyncMLMessage): Promise<SyncMLMessage> {
  const body = serializeSyncML(message, "xml");
  if (!body.ok) throw body.error;
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": CONTENT_TYPES.xml },
    body: Buffer.from(body.value),
  });
  expect(res.status).toBe(200);
  const parsed = parseSyncML(
    new Uint8Array(await res.arrayBuffer()),
    res.headers.get("content-type") ?? undefined,
  );
  if (!parsed.ok) throw parsed.error;
  const hdr = parsed.value.body.commands.find(
    (c): c is StatusCommand => c.kind === "Status" && c.cmdRef === "0",
  );
  if (hdr?.chal?.meta.nextNonce !== undefined) nonce = hdr.chal.meta.nextNonce;
  return parsed.value;
}

const hdrCode = (m: SyncMLMessage) =>
  m.body.commands.find((c): c is StatusCommand => c.kind === "Status" && c.cmdRef === "0")?.code;
const gets = (m: SyncMLMessage) => m.body.commands.filter((c) => c.kind === "Get");

it("re-sends a task to a handset that keeps starting over, ends it at the cap, and refuses a replayed package 1", async () => {
  const first = package1();
  const hello = await post(server.omadmUrl!, first);
  expect(hdrCode(hello)).toBe(212);
  const device = await db().device.findFirstOrThrow({ where: { serialNumber: DEV } });
  // First contact queued a read of ./DevDetail/FwV: out of the way, this test scripts its own task.
  await db().task.updateMany({ where: { deviceId: device.id }, data: { state: "cancelled" } });
  await db().device.update({ where: { id: device.id }, data: { softwareVersion: "1.0" } });
  // The replayed message carries a nonce already used.
  expect(hdrCode(await post(server.omadmUrl!, first))).toBe(401);

  const taskId = await db().$transaction((tx) =>
    insertDmTask(tx, device.id, { name: "DmGet", uri: "./DevInfo/Lang" }, { createdBy: "test" }),
  );
  for (let attempt = 1; attempt <= 2; attempt++) {
    const reply = await post(server.omadmUrl!, package1());
    expect(gets(reply)).toHaveLength(1); // then the handset drops the session
    expect((await db().task.findUniqueOrThrow({ where: { id: taskId } })).attempts).toBe(attempt);
  }
  const last = await post(server.omadmUrl!, package1());
  expect(gets(last)).toHaveLength(0);
  expect(last.body.final).toBe(true);
  expect(await db().task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
    state: "fault",
    faultString: "no answer after 2 attempts",
  });
});

it("ends a task answered with a Status for another command as a fault, and keeps no session state", async () => {
  const device = await db().device.findFirstOrThrow({ where: { serialNumber: DEV } });
  const taskId = await db().$transaction((tx) =>
    insertDmTask(tx, device.id, { name: "DmGet", uri: "./DevInfo/Mod" }, { createdBy: "test" }),
  );
  const reply = await post(server.omadmUrl!, package1());
  const get = gets(reply)[0]!;
  const stray: Command = {
    kind: "Status",
    cmdId: "1",
    msgRef: reply.header.msgId,
    cmdRef: String(Number(get.cmdId) + 40),
    cmd: "Get",
    targetRefs: [],
    sourceRefs: [],
    code: 200,
    items: [],
  };
  const answer: SyncMLMessage = {
    header: { ...package1().header, msgId: String(++msgId) },
    body: { commands: [stray], final: true },
  };
  delete answer.header.cred;
  const end = await post(reply.header.respUri!, answer);
  expect(end.body.final).toBe(true);
  expect(await db().task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
    state: "fault",
    faultString: "Get ./DevInfo/Mod: no Status from the device",
  });
  // Sessions that ended leave nothing; the abandoned ones above expire with OMADM_SESSION_TIMEOUT.
  const token = new URL(reply.header.respUri!).searchParams.get("s")!;
  expect(await db().omaDmSession.findUnique({ where: { token } })).toBeNull();
});

it("stores a Get result the 4096-character cut splits inside a surrogate pair, and ends the task done", async () => {
  const device = await db().device.findFirstOrThrow({ where: { serialNumber: DEV } });
  const uri = "./DevInfo/Ext/Long";
  const taskId = await db().$transaction((tx) =>
    insertDmTask(tx, device.id, { name: "DmGet", uri }, { createdBy: "test" }),
  );
  const reply = await post(server.omadmUrl!, package1());
  const get = gets(reply)[0]!;
  // Valid XML, but cut at 4096 UTF-16 units it ends in a lone high surrogate, which jsonb refuses.
  const value = `${"x".repeat(4095)}\u{1F4FA}`;
  const answer: SyncMLMessage = {
    header: { ...package1().header, msgId: String(++msgId) },
    body: {
      commands: [
        {
          kind: "Status",
          cmdId: "1",
          msgRef: reply.header.msgId,
          cmdRef: get.cmdId,
          cmd: "Get",
          targetRefs: [uri],
          sourceRefs: [],
          code: 200,
          items: [],
        },
        {
          kind: "Results",
          cmdId: "2",
          msgRef: reply.header.msgId,
          cmdRef: get.cmdId,
          targetRefs: [],
          sourceRefs: [],
          items: [{ source: { locUri: uri }, data: value }],
        },
      ],
      final: true,
    },
  };
  delete answer.header.cred;
  const end = await post(reply.header.respUri!, answer);
  expect(end.body.final).toBe(true);
  expect(await db().task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ state: "done" });
  const stored = await db().device.findUniqueOrThrow({ where: { id: device.id } });
  const entry = (stored.parameters as Record<string, { v?: string }>)[uri];
  expect(entry?.v).toBe(`${"x".repeat(4095)}\uFFFD`);
});
