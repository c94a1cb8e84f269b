// The DM listener at shutdown: a message being handled finishes (its reply reaches the client)
// before close() returns, so the store it writes to is not closed under it.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryDmBackend } from "../session/memory-backend";
import type { DmSessionState } from "../session/state";
import { createOmaDmServer, type OmaDmServer } from "./server";

const PACKAGE_1 = readFileSync(path.join(import.meta.dirname, "../syncml/fixtures/package1.xml"));

function start(load: () => Promise<DmSessionState | undefined>): { dm: OmaDmServer; url: Promise<string> } {
  const dm = createOmaDmServer({
    backend: new MemoryDmBackend(),
    store: { load, save: async () => {}, remove: async () => {} },
    config: () => ({
      serverUrl: "http://127.0.0.1/dm",
      serverMaxMsgSize: 64 * 1024,
      serverMaxObjSize: 1024 * 1024,
      allowBasic: false,
      maxAuthFailures: 3,
    }),
    sessionTimeoutMs: 30_000,
    log: { warn: () => {}, error: () => {} },
  });
  const url = new Promise<string>((resolve) =>
    dm.server.listen(0, "127.0.0.1", () => {
      const { port } = dm.server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}/dm`);
    }),
  );
  return { dm, url };
}

let running: OmaDmServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("OMA DM listener close", () => {
  it("lets a message being handled finish before it returns", async () => {
    let release!: () => void;
    let loading!: () => void;
    const loadStarted = new Promise<void>((r) => (loading = r));
    const { dm, url } = start(async () => {
      loading();
      await new Promise<void>((r) => (release = r));
      return undefined;
    });
    running = dm;
    // A continuing message (?s=): its turn loads the session state first, and waits there.
    const reply = fetch(`${await url}?s=${"a".repeat(24)}`, {
      method: "POST",
      headers: { "Content-Type": "application/vnd.syncml.dm+xml" },
      body: PACKAGE_1,
    });
    await loadStarted;
    let closed = false;
    const closing = dm.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    release();
    const response = await reply;
    // Package 1 opens a session (its Alert 1201 needs no stored state): the turn answers it as at any
    // other time, the message is not cut off by the shutdown.
    expect(response.status).toBe(200);
    await closing;
    expect(closed).toBe(true);
    running = undefined;
  });
});
