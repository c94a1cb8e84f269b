// CPE authentication: Digest against shared and per-device credentials; failures write nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicAuthorization,
  digestAuthorization,
  ha1,
  parseAuthParams,
} from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const REALM = "Vantage ACS";

beforeAll(async () => {
  server = await startTestServer({
    CWMP_AUTH: "digest",
    CWMP_USERNAME: "fleet",
    CWMP_PASSWORD: "fleet-secret",
    CWMP_PROVISION_CR_CREDENTIALS: "false",
  });
});
afterAll(async () => {
  await server?.close();
});

async function login(cpe: ScriptedCpe, serial: string, username: string, password: string) {
  cpe.authorization = undefined;
  const challenge = await cpe.inform(makeInform(serial, ["1 BOOT"]));
  expect(challenge.status).toBe(401);
  const header = String(challenge.headers["www-authenticate"]);
  expect(header).toMatch(/^Digest /);
  cpe.authorization = digestAuthorization({
    method: "POST",
    uri: "/",
    username,
    password,
    challenge: parseAuthParams(header.slice(7)),
  });
  return cpe.inform(makeInform(serial, ["1 BOOT"]));
}

describe("CPE authentication", () => {
  it("accepts the shared credentials with Digest", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const answer = await login(cpe, "AUTH-OK", "fleet", "fleet-secret");
    expect(answer.status).toBe(200);
    expect((await cpe.empty()).status).toBeGreaterThanOrEqual(200);
    cpe.close();
  });

  it("refuses a wrong password with 401 and writes nothing", async () => {
    const devices = await db().device.count();
    const informs = await db().informEvent.count();
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const answer = await login(cpe, "AUTH-BAD", "fleet", "wrong");
    expect(answer.status).toBe(401);
    expect(await db().device.count()).toBe(devices);
    expect(await db().informEvent.count()).toBe(informs);
    cpe.close();
  });

  it("refuses Basic when Digest is configured", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    cpe.authorization = basicAuthorization("fleet", "fleet-secret");
    expect((await cpe.inform(makeInform("AUTH-BASIC", ["1 BOOT"]))).status).toBe(401);
    cpe.close();
  });

  it("accepts per-device credentials only for their own device", async () => {
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "IPTV-STB",
        serialNumber: "OWN-1",
        manufacturer: "Acme",
        cwmpUsername: "own-1",
        cwmpHa1: ha1("own-1", REALM, "own-secret"),
      },
    });
    const cpe = new ScriptedCpe(server.cwmpUrl);
    expect((await login(cpe, "OWN-1", "own-1", "own-secret")).status).toBe(200);
    await cpe.empty();
    const other = new ScriptedCpe(server.cwmpUrl);
    expect((await login(other, "SOMEONE-ELSE", "own-1", "own-secret")).status).toBe(401);
    expect(await db().device.count({ where: { serialNumber: "SOMEONE-ELSE" } })).toBe(0);
    cpe.close();
    other.close();
  });

  it("rejects a forged nonce", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    cpe.authorization = digestAuthorization({
      method: "POST",
      uri: "/",
      username: "fleet",
      password: "fleet-secret",
      challenge: { realm: REALM, nonce: "lzz.forged", qop: "auth" },
    });
    expect((await cpe.inform(makeInform("AUTH-FORGED", ["1 BOOT"]))).status).toBe(401);
    cpe.close();
  });
});
