// Waking a real device record: the credentials Vantage provisioned at bootstrap answer the Digest
// challenge of a CPE whose connection-request server replies on bare LF lines and ends its headers by
// closing the connection (no blank line); a CPE that trickles bytes is given up at the deadline; a
// username the device reverted to is trusted and the credentials are provisioned again.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ha1, parseAuthorization, verifyDigest } from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import { wakeDevice } from "../../server/devices/wake";
import { openSecret } from "../../server/secrets-file";
import {
  ScriptedCpe,
  makeInform,
  answerProvisioning,
  withConnectionRequestUrl,
} from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const cpeServers: net.Server[] = [];
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  server = await startTestServer({
    CWMP_PROVISION_CR_CREDENTIALS: "true",
    CONNECTION_REQUEST_TIMEOUT_MS: "1000",
  });
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of cpeServers) s.close();
  await server?.close();
});

/** A CPE's connection-request listener; `answer` gets each request and the socket. */
function crListener(answer: (request: string, socket: net.Socket) => void): Promise<string> {
  const listener = net.createServer((socket) => {
    let buffer = "";
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      if (buffer.includes("\r\n\r\n")) answer(buffer, socket);
    });
  });
  cpeServers.push(listener);
  return new Promise((resolve) =>
    listener.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(listener.address() as net.AddressInfo).port}/cr`),
    ),
  );
}

/** First contact with the given ConnectionRequestURL; answers the bootstrap set; returns the device id. */
async function bootstrap(serial: string, crUrl: string): Promise<number> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  await cpe.inform(withConnectionRequestUrl(makeInform(serial, ["0 BOOTSTRAP", "1 BOOT"]), crUrl));
  expect((await answerProvisioning(cpe)).status).toBe(204);
  cpe.close();
  return (await db().device.findFirstOrThrow({ where: { serialNumber: serial } })).id;
}

describe("connection request to a provisioned device", () => {
  it("answers an LF-only Digest challenge whose headers end with the connection", async () => {
    const seen: { authorized: boolean }[] = [];
    // Known once the bootstrap has provisioned them; the listener exists before.
    const known: { credentials?: { username: string; password: string } } = {};
    const url = await crListener((request, socket) => {
      const auth = parseAuthorization(/^authorization: (.*)$/im.exec(request)?.[1]?.trim());
      const credentials = known.credentials;
      const authorized =
        credentials !== undefined &&
        auth?.scheme === "Digest" &&
        auth.params.username === credentials.username &&
        verifyDigest(auth.params, "GET", ha1(credentials.username, "cpe-cr", credentials.password));
      seen.push({ authorized });
      socket.end(
        authorized
          ? "HTTP/1.1 200 OK\nContent-Length: 0"
          : 'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Digest realm="cpe-cr",\n nonce="abc123", qop="auth"',
      );
    });
    const deviceId = await bootstrap("CRLF1", url);
    const device = await db().device.findUniqueOrThrow({
      where: { id: deviceId },
      omit: { connectionRequestPassword: false },
    });
    expect(device.connectionRequestUsername).toBe("cr-CRLF1");
    known.credentials = {
      username: device.connectionRequestUsername!,
      password: openSecret(device.connectionRequestPassword!),
    };

    expect(await wakeDevice(deviceId)).toEqual({ ok: true, status: 200 });
    expect(seen).toEqual([{ authorized: false }, { authorized: true }]);
  });

  it("gives up on a CPE that trickles its answer, at the configured deadline", async () => {
    const url = await crListener((_request, socket) => {
      socket.write("HTTP/1.1 401 Unauthorized\nX-Slow: ");
      const t = setInterval(() => socket.write("z"), 200);
      timers.push(t);
      socket.on("close", () => clearInterval(t));
    });
    const deviceId = await bootstrap("CRSLOW1", url);
    // The trickle never idles: only the configured 1000 ms deadline ends it, and the reason names it.
    expect(await wakeDevice(deviceId)).toEqual({ ok: false, reason: "no complete answer within 1000 ms" });
  });

  it("trusts a username the device reverted to, and provisions the credentials again", async () => {
    const url = await crListener((_request, socket) => socket.end("HTTP/1.1 204 No Content\n\n"));
    const deviceId = await bootstrap("CRREVERT1", url);
    const inform = makeInform("CRREVERT1", ["1 BOOT"]);
    inform.parameterList.push({
      name: "Device.ManagementServer.ConnectionRequestUsername",
      value: "vendor-default",
      type: "string",
    });
    const cpe = new ScriptedCpe(server.cwmpUrl);
    expect((await cpe.inform(inform)).status).toBe(200);
    const device = await db().device.findUniqueOrThrow({
      where: { id: deviceId },
      omit: { connectionRequestPassword: false },
    });
    expect(device.connectionRequestUsername).toBe("vendor-default");
    const step = await cpe.empty();
    const spv = step.envelope?.body;
    if (spv?.name !== "SetParameterValues")
      throw new Error(`expected SetParameterValues, got ${step.status}`);
    expect(spv.parameterList.map((p) => [p.name, p.name.endsWith("Username") ? p.value : "*"])).toEqual([
      ["Device.ManagementServer.ConnectionRequestUsername", "cr-CRREVERT1"],
      ["Device.ManagementServer.ConnectionRequestPassword", "*"],
    ]);
    expect(
      (await cpe.send({ name: "SetParameterValuesResponse", status: 0 }, step.envelope?.header.id)).status,
    ).toBe(204);
    cpe.close();
    const after = await db().device.findUniqueOrThrow({
      where: { id: deviceId },
      omit: { connectionRequestPassword: false },
    });
    expect(after.connectionRequestUsername).toBe("cr-CRREVERT1");
    expect(openSecret(after.connectionRequestPassword!)).not.toBe(
      openSecret(device.connectionRequestPassword!),
    );
  });
});
