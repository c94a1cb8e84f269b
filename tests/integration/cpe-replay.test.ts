// Digest replay protection end to end: a captured Authorization header of an Inform opens nothing
// a second time, nor for another URI; the next nonce-count on the same nonce does; an old nonce
// gets a stale challenge; the real simulator and its nonce-counts still complete sessions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestAuthorization, makeNonce, parseAuthParams } from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import { appSecret } from "../../server/secrets";
import { SimDevice } from "../../sim/device";
import { planFleet } from "../../sim/fleet-plan";
import { runSession } from "../../sim/session";
import { ScriptedCpe, answerProvisioning, makeInform } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const SERIAL = "REPLAY-1";
let challenge: Record<string, string> = {};
let captured = "";
const open: ScriptedCpe[] = [];

beforeAll(async () => {
  server = await startTestServer({
    CWMP_AUTH: "digest",
    CWMP_USERNAME: "fleet",
    CWMP_PASSWORD: "fleet-secret",
    CWMP_PROVISION_CR_CREDENTIALS: "false",
    CWMP_PROVISION_ACS_CREDENTIALS: "false",
  });
}, 60_000);
afterAll(async () => {
  for (const cpe of open) cpe.close();
  await server?.close();
});

/** A CPE on its own new connection, without a session cookie. */
function freshCpe(authorization?: string): ScriptedCpe {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  cpe.authorization = authorization;
  open.push(cpe);
  return cpe;
}

const answer = (nc: number, uri = "/", nonceChallenge = challenge) =>
  digestAuthorization({
    method: "POST",
    uri,
    username: "fleet",
    password: "fleet-secret",
    challenge: nonceChallenge,
    nc,
  });

const version = (v: string) =>
  makeInform(SERIAL, ["2 PERIODIC"], {
    parameterList: [
      { name: "Device.DeviceInfo.SoftwareVersion", value: v, type: "string" },
      { name: "Device.ManagementServer.ParameterKey", value: "", type: "string" },
    ],
  });

const row = () =>
  db().device.findUniqueOrThrow({
    where: {
      oui_productClass_serialNumber: { oui: "00D09E", productClass: "IPTV-STB", serialNumber: SERIAL },
    },
    select: { lastInform: { select: { informedAt: true } }, softwareVersion: true },
  });

describe("Digest replay", () => {
  it("completes a session with a fresh header", async () => {
    const cpe = freshCpe();
    const first = await cpe.inform(version("1.0.0"));
    expect(first.status).toBe(401);
    challenge = parseAuthParams(String(first.headers["www-authenticate"]).slice(7));
    captured = answer(1);
    cpe.authorization = captured;
    expect((await cpe.inform(version("1.0.0"))).status).toBe(200);
    expect((await answerProvisioning(cpe)).status).toBe(204);
    expect((await row()).softwareVersion).toBe("1.0.0");
  });

  it("refuses the captured header replayed on a new connection, and changes nothing", async () => {
    const before = await row();
    const informs = await db().informEvent.count();
    const replay = await freshCpe(captured).inform(version("6.6.6"));
    expect(replay.status).toBe(401);
    // A fresh challenge, not stale: the nonce itself is still young.
    expect(String(replay.headers["www-authenticate"])).not.toContain("stale");
    expect(await row()).toEqual(before);
    expect(await db().informEvent.count()).toBe(informs);
  });

  it("refuses the header with its uri edited, and a correct response computed for another uri", async () => {
    const before = await row();
    expect((await freshCpe(captured.replace('uri="/"', 'uri="/acs"')).inform(version("6.6.6"))).status).toBe(
      401,
    );
    // Well-formed and correctly computed, with a count never used: only the uri is not this request's.
    expect((await freshCpe(answer(5, "/elsewhere")).inform(version("6.6.6"))).status).toBe(401);
    expect(await row()).toEqual(before);
  });

  it("accepts the next nonce-count on the same nonce", async () => {
    const cpe = freshCpe(answer(6));
    expect((await cpe.inform(version("1.0.1"))).status).toBe(200);
    expect((await answerProvisioning(cpe)).status).toBe(204);
    expect((await row()).softwareVersion).toBe("1.0.1");
  });

  it("answers a genuine but old nonce with a stale challenge", async () => {
    const before = await row();
    // Two minutes: past the default CWMP_NONCE_LIFETIME (60 s), within the old fixed 5 minutes.
    const old = makeNonce(await appSecret("cwmp-nonce-key"), Date.now() - 2 * 60_000);
    const reply = await freshCpe(answer(1, "/", { ...challenge, nonce: old })).inform(version("6.6.6"));
    expect(reply.status).toBe(401);
    expect(String(reply.headers["www-authenticate"])).toContain("stale=true");
    expect(await row()).toEqual(before);
  });

  it("lets the real simulator complete sessions with Digest (a challenge a session, counts rising within it)", async () => {
    const identity = planFleet({ devices: 2, seed: 11 })[0]!;
    const device = new SimDevice(identity, {
      acsUrl: server.cwmpUrl,
      username: "fleet",
      password: "fleet-secret",
      periodicInterval: 300,
      household: [identity],
      connectionRequestBase: "http://127.0.0.1:9/cr/",
      timeScale: 0.001,
    });
    device.schedule = () => undefined;
    for (let i = 0; i < 2; i++) {
      const result = await runSession(device, { timeoutMs: 10_000 });
      expect(result).toMatchObject({ ok: true });
    }
    expect(await db().device.count({ where: { serialNumber: device.serial } })).toBe(1);
  }, 60_000);
});
