// The simulated mobile against the DM transport and session machine with the in-memory backend (no
// database): a session per encoding, the failure-rate option, package 0 over UDP (a good digest starts
// a server-initiated session, a forged one is dropped), and HMAC authentication over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import dgram from "node:dgram";
import { AUTH_TYPES, buildPackage0 } from "../../server/omadm";
import { MemoryDmBackend } from "../../server/omadm/session/memory-backend";
import type { DmSessionState } from "../../server/omadm/session/state";
import {
  createOmaDmServer,
  type DmSessionStore,
  type OmaDmServer,
} from "../../server/omadm/transport/server";
import { createRng } from "../prng";
import { SimMobile } from "./mobile";
import { listenForPackage0, type NotifyListener } from "./notify";

const backend = new MemoryDmBackend(3);
const sessions = new Map<string, DmSessionState>();
const store: DmSessionStore = {
  load: (token) => Promise.resolve(sessions.get(token) ? structuredClone(sessions.get(token)) : undefined),
  save: (state) => Promise.resolve(void sessions.set(state.token, structuredClone(state))),
  remove: (token) => Promise.resolve(void sessions.delete(token)),
};
let dm: OmaDmServer;
let url = "";
const listeners: NotifyListener[] = [];

beforeAll(async () => {
  dm = createOmaDmServer({
    backend,
    store,
    config: () => ({
      serverUrl: url,
      serverMaxMsgSize: 8192,
      serverMaxObjSize: 1 << 20,
      allowBasic: false,
      maxAuthFailures: 3,
    }),
    sessionTimeoutMs: 60_000,
    log: { warn: () => {}, error: () => {} },
  });
  await new Promise<void>((resolve) => dm.server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(dm.server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
  await dm.close();
});

function mobile(
  devId: string,
  encoding: "xml" | "wbxml",
  failureRate = 0,
  auth: "md5" | "hmac" = "md5",
): SimMobile {
  backend.addAccount(devId, {
    clientUsername: devId,
    clientPassword: `${devId}-c`,
    clientNonce: "",
    serverId: "vantage",
    serverPassword: `${devId}-s`,
    serverNonce: "",
    authType: AUTH_TYPES.md5,
  });
  return new SimMobile({
    identity: {
      devId,
      man: "Vantage Labs",
      mod: "VL-Phone 3",
      fwV: "1.0.0",
      serverId: "vantage",
      serverUrl: url,
      clientPassword: `${devId}-c`,
      serverPassword: `${devId}-s`,
    },
    encoding,
    maxMsgSize: 4096,
    failureRate,
    auth,
    rng: createRng(7),
  });
}

describe.each(["xml", "wbxml"] as const)("a session over %s", (encoding) => {
  it("authenticates both ways and answers the queued commands", async () => {
    const m = mobile(`IMEI:3500000000000${encoding === "xml" ? "01" : "02"}`, encoding);
    const get = backend.queue("DmGet", [{ kind: "Get", uri: "./DevDetail" }]);
    const rep = backend.queue("DmReplace", [
      { kind: "Replace", uri: "./Ext/Settings/Volume", data: "3", format: "int" },
    ]);
    const missing = backend.queue("DmGet", [{ kind: "Get", uri: "./Nope" }]);
    const secret = backend.queue("DmGet", [{ kind: "Get", uri: "./DMAcc/vantage/AppAuth/1/AAuthSecret" }]);
    const report = await m.session(1201);
    expect(report).toMatchObject({ ok: true, serverAuthenticated: true });
    expect(get.outcome).toMatchObject({
      kind: "done",
      answers: [{ results: [{ format: "node", data: "DevTyp/OEM/FwV/SwV/HwV/LrgObj" }] }],
    });
    expect(rep.state).toBe("done");
    expect(m.tree.nodes.get("./Ext/Settings/Volume")!.value).toBe("3");
    expect(missing.outcome).toMatchObject({ kind: "fault", code: 404 });
    expect(secret.outcome).toMatchObject({ kind: "fault", code: 425 });
    expect(sessions.size).toBe(0); // ended sessions leave no state behind
  });
});

it("fails commands at the configured rate (500), and every task still ends", async () => {
  const m = mobile("IMEI:350000000000009", "xml", 1);
  const tasks = [1, 2, 3].map((i) => backend.queue("DmGet", [{ kind: "Get", uri: `./DevInfo/Lang${i}` }]));
  expect((await m.session(1201)).ok).toBe(true);
  for (const t of tasks) expect(t.outcome).toMatchObject({ kind: "fault", code: 500 });
});

it("starts a server-initiated session on a package 0 with a good digest and drops a forged one", async () => {
  const m = mobile("IMEI:350000000000010", "wbxml");
  const listener = await listenForPackage0(() => m);
  listeners.push(listener);
  const [host, port] = listener.address.split(":") as [string, string];
  const send = (bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      const socket = dgram.createSocket("udp4");
      socket.send(bytes, Number(port), host, (err) => {
        socket.close();
        if (err) reject(err);
        else resolve();
      });
    });
  const task = backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/Man" }]);
  await send(
    buildPackage0({
      serverId: "vantage",
      password: "wrong",
      nonce: "",
      sessionId: 0x2a,
      initiator: "server",
    }),
  );
  await send(
    buildPackage0({
      serverId: "vantage",
      password: `${m.devId}-s`,
      nonce: "",
      sessionId: 0x2a,
      initiator: "server",
    }),
  );
  for (let i = 0; i < 100 && task.state !== "done"; i++) await new Promise((r) => setTimeout(r, 50));
  expect(listener.counts).toEqual({ accepted: 1, refused: 1 });
  expect(task.state).toBe("done");
});

it("authenticates with the x-syncml-hmac header over HTTP (no Cred in the SyncHdr)", async () => {
  const m = mobile("IMEI:350000000000011", "xml", 0, "hmac");
  const task = backend.queue("DmGet", [{ kind: "Get", uri: "./DevInfo/DmV" }]);
  expect(await m.session(1201)).toMatchObject({ ok: true, serverAuthenticated: true });
  expect(task.state).toBe("done");
  // A wrong password in the MAC is refused.
  const forged = mobile("IMEI:350000000000012", "xml", 0, "hmac");
  backend.accounts.get("IMEI:350000000000012")!.clientPassword = "other";
  expect(await forged.session(1201)).toMatchObject({ ok: false, reason: "authentication refused (401)" });
});
