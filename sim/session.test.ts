import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnvelope, serializeEnvelope } from "../server/cwmp/soap/index";
import type { CwmpMessage, FromCpe } from "../server/cwmp/soap/types";
import {
  digestAuthorization,
  digestChallenge,
  ha1,
  makeNonce,
  parseAuthorization,
  verifyDigest,
} from "../server/cwmp/transport/digest";
import { startFleet, type Fleet } from "./fleet";

const REALM = "Vantage ACS";
const STB = "Device.Services.STBService.1.";

interface Seen {
  body: FromCpe | null;
  cookie?: string;
  authorized: boolean;
}

/** A tiny scripted ACS: Digest auth, a session cookie, then the scripted requests, then 204. */
async function scriptedAcs(script: (CwmpMessage | ((last: FromCpe | null) => CwmpMessage | null))[]) {
  const seen: Seen[] = [];
  let step = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const auth = parseAuthorization(req.headers.authorization);
      const authorized =
        auth?.scheme === "Digest" &&
        verifyDigest(auth.params, "POST", ha1(auth.params.username ?? "", REALM, "secret"));
      const body = text === "" ? null : (parseEnvelope(text).body as FromCpe);
      seen.push({ body, cookie: req.headers.cookie, authorized });
      if (!authorized) {
        res.writeHead(401, { "www-authenticate": digestChallenge(REALM, makeNonce("k")) }).end();
        return;
      }
      const reply = (msg: CwmpMessage, headers: http.OutgoingHttpHeaders = {}) => {
        const xml = serializeEnvelope({
          cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
          version: "1.2",
          header: { id: `acs-${step}` },
          body: msg,
        });
        res.writeHead(200, { "content-type": 'text/xml; charset="utf-8"', ...headers }).end(xml);
      };
      if (body?.name === "Inform") {
        step = 0;
        reply(
          { name: "InformResponse", maxEnvelopes: 1 },
          { "set-cookie": "session=s3ss10n; Path=/; HttpOnly" },
        );
        return;
      }
      if (body?.name === "TransferComplete") return reply({ name: "TransferCompleteResponse" });
      const next = script[step++];
      const msg = typeof next === "function" ? next(body) : next;
      if (!msg) res.writeHead(204).end();
      else reply(msg);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acs`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return cond();
};

let fleet: Fleet | undefined;
let acs: Awaited<ReturnType<typeof scriptedAcs>> | undefined;
afterEach(async () => {
  await fleet?.stop();
  await acs?.close();
  fleet = acs = undefined;
});

describe("CWMP session over HTTP", () => {
  it("authenticates with Digest, returns the cookie, answers GPV and SPV, ends on 204", async () => {
    acs = await scriptedAcs([
      {
        name: "GetParameterValues",
        parameterNames: ["Device.DeviceInfo.SoftwareVersion", `${STB}Components.HDMI.1.`],
      },
      {
        name: "SetParameterValues",
        parameterKey: "spv-1",
        parameterList: [{ name: `${STB}Components.HDMI.1.ResolutionMode`, value: "Manual", type: "string" }],
      },
      null as unknown as CwmpMessage,
    ]);
    fleet = await startFleet({
      acsUrl: acs.url,
      devices: 2,
      stbRatio: 0.5,
      seed: 3,
      username: "cpe",
      password: "secret",
      noBoot: true,
      retryScale: 0.001,
      evolveEveryMs: 0,
    });
    const stb = fleet.devices.find((d) => d.identity.kind === "stb")!;
    stb.reboot([]);
    stb.requestSession([]);
    expect(await until(() => fleet!.counters.sessionsOk === 1)).toBe(true);

    const names = acs.seen.map((s) => (s.body ? s.body.name : "(empty)"));
    expect(names).toEqual([
      "Inform",
      "Inform",
      "(empty)",
      "GetParameterValuesResponse",
      "SetParameterValuesResponse",
    ]);
    expect(acs.seen[0]!.authorized).toBe(false);
    expect(acs.seen.slice(1).every((s) => s.authorized)).toBe(true);
    expect(acs.seen[1]!.cookie).toBeUndefined();
    expect(acs.seen.slice(2).every((s) => s.cookie === "session=s3ss10n")).toBe(true);

    const inform = acs.seen[1]!.body;
    if (inform?.name !== "Inform") throw new Error("no inform");
    expect(inform.events.map((e) => e.eventCode)).toEqual(["0 BOOTSTRAP", "1 BOOT"]);
    expect(inform.deviceId.serialNumber).toBe(stb.serial);
    const informed = inform.parameterList.map((p) => p.name);
    expect(informed).toContain("Device.DeviceInfo.SoftwareVersion");
    expect(informed).toContain("Device.ManagementServer.ConnectionRequestURL");
    const gpv = acs.seen[3]!.body;
    expect(gpv?.name === "GetParameterValuesResponse" && gpv.parameterList[0]?.value).toBe(
      stb.identity.softwareVersion,
    );
    expect(acs.seen[4]!.body).toEqual({ name: "SetParameterValuesResponse", status: 0 });
    expect(stb.get(`${STB}Components.HDMI.1.ResolutionMode`)).toBe("Manual");
    expect(stb.ms("ParameterKey")).toBe("spv-1");
    expect(stb.bootstrapped).toBe(true);
    expect(stb.pendingEvents).toEqual([]);
  });

  it("connection requests need the device's Digest credentials; offline devices answer 503", async () => {
    acs = await scriptedAcs([
      {
        name: "SetParameterValues",
        parameterKey: "",
        parameterList: [
          {
            name: "InternetGatewayDevice.ManagementServer.ConnectionRequestPassword",
            value: "n3w",
            type: "string",
          },
        ],
      },
      null as unknown as CwmpMessage,
    ]);
    fleet = await startFleet({
      acsUrl: acs.url,
      devices: 1,
      stbRatio: 0,
      seed: 4,
      username: "cpe",
      password: "secret",
      noBoot: true,
      retryScale: 0.001,
      evolveEveryMs: 0,
    });
    const dng = fleet.devices[0]!;
    const url = dng.ms("ConnectionRequestURL");
    expect(url).toBe(`${fleet.crBase}${dng.serial}`);
    const get = async (user?: string, pass?: string) => {
      const first = await fetch(url);
      if (user === undefined) return first.status;
      const challenge = parseAuthorization(first.headers.get("www-authenticate") ?? undefined);
      if (challenge?.scheme !== "Digest") throw new Error("no digest challenge");
      const authorization = digestAuthorization({
        method: "GET",
        uri: new URL(url).pathname,
        username: user,
        password: pass ?? "",
        challenge: challenge.params,
      });
      return (await fetch(url, { headers: { authorization } })).status;
    };
    expect(await get()).toBe(401);
    expect(await get(dng.serial, "wrong")).toBe(401);
    expect(await get(dng.serial, dng.ms("ConnectionRequestPassword"))).toBe(200);
    expect(await until(() => fleet!.counters.sessionsOk === 1)).toBe(true);
    const inform = acs.seen.find((s) => s.body?.name === "Inform")?.body;
    expect(inform?.name === "Inform" && inform.events.map((e) => e.eventCode)).toContain(
      "6 CONNECTION REQUEST",
    );
    // The ACS changed the password in that session: the old one no longer works, the new one does.
    expect(dng.ms("ConnectionRequestPassword")).toBe("n3w");
    expect(await get(dng.serial, `cr-${dng.serial.toLowerCase()}`)).toBe(401);
    expect(await get(dng.serial, "n3w")).toBe(200);
    dng.online = false;
    expect(await get()).toBe(503);
  });

  it("retries a failed session with RetryCount and TR-069 back-off", async () => {
    let fails = 2;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (fails-- > 0) res.writeHead(500).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      fleet = await startFleet({
        acsUrl: `http://127.0.0.1:${port}/`,
        devices: 1,
        stbRatio: 0,
        seed: 4,
        noBoot: true,
        retryScale: 0.001,
        evolveEveryMs: 0,
      });
      const seenRetry: number[] = [];
      fleet.on("session", (d: { retryCount: number }) => seenRetry.push(d.retryCount));
      fleet.trigger(fleet.devices[0]!.serial, [{ eventCode: "1 BOOT", commandKey: "" }]);
      expect(await until(() => fleet!.counters.sessionsFailed === 2, 8000)).toBe(true);
      expect(seenRetry).toEqual([1, 2]);
    } finally {
      await fleet?.stop();
      fleet = undefined;
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
