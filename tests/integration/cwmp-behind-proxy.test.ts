// The CWMP listener behind HAProxy (deploy/): with TRUSTED_PROXIES naming the proxy, the CPE's address
// recorded for an Inform is the one X-Forwarded-For gives; from any other peer the header is ignored
// (a CPE cannot pick the address its connection requests are checked against).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeEnvelope } from "../../server/cwmp/soap";
import { db } from "../../server/db";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { deviceIds } from "../support/device-ids";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;

afterAll(async () => {
  await server?.close();
});

async function informWithForwardedFor(serial: string, forwardedFor: string): Promise<string | null> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  const body = serializeEnvelope({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    version: "1.0",
    header: { id: "1" },
    body: makeInform(serial, ["1 BOOT"]),
  });
  const answer = await cpe.post(body, { "X-Forwarded-For": forwardedFor });
  expect(answer.status).toBe(200);
  const event = await db().informEvent.findFirstOrThrow({
    where: { deviceId: { in: await deviceIds(serial) } },
    orderBy: { receivedAt: "desc" },
  });
  return event.remoteAddress;
}

describe("CWMP behind a trusted proxy", () => {
  beforeAll(async () => {
    server = await startTestServer({ TRUSTED_PROXIES: "127.0.0.1" });
  });

  it("records the address X-Forwarded-For names when the peer is a trusted proxy", async () => {
    expect(await informWithForwardedFor("PROXIED1", "127.0.0.23")).toBe("127.0.0.23");
  });
});

describe("CWMP without a trusted proxy", () => {
  beforeAll(async () => {
    await server?.close();
    server = await startTestServer({});
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const recorded = await informWithForwardedFor("DIRECT1", "127.0.0.23");
    expect(recorded).not.toBe("127.0.0.23");
    expect(recorded).toMatch(/127\.0\.0\.1$/);
  });
});
