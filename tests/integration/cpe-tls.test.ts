// Client certificates on the TLS listener (CWMP_TLS_CA): only certificates the CA signed get a TLS
// session, and a certificate opens sessions only for the device it was issued to.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { parseEnvelope, serializeEnvelope } from "../../server/cwmp/soap";
import { MemoryBackend } from "../../server/cwmp/session/memory-backend";
import { basicAuthorization } from "../../server/cwmp/transport/digest";
import { createCwmpServer, type CwmpServer } from "../../server/cwmp/transport/server";
import { db } from "../../server/db";
import { makeInform } from "../support/scripted-cpe";
import { deviceIds } from "../support/device-ids";
import { startTestServer, type TestServer } from "../support/test-server";

const run = promisify(execFile);
let server: TestServer;
let dir = "";
const pem: Record<string, Buffer> = {};

/** A key and a certificate with this subject, signed by the given CA (self-signed CA when absent). */
async function issue(name: string, subject: string, ca?: string, extension?: string): Promise<void> {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key];
  if (!ca) {
    await run("openssl", ["req", "-x509", ...newKey, "-days", "1", "-subj", subject, "-out", cert]);
  } else {
    const csr = path.join(dir, `${name}.csr`);
    await run("openssl", ["req", ...newKey, "-subj", subject, "-out", csr]);
    const signing = ["-CA", path.join(dir, `${ca}.pem`), "-CAkey", path.join(dir, `${ca}.key`)];
    const ext = extension ? ["-extfile", extension] : [];
    await run("openssl", [
      "x509",
      "-req",
      "-in",
      csr,
      ...signing,
      "-CAcreateserial",
      "-days",
      "1",
      ...ext,
      "-out",
      cert,
    ]);
  }
  pem[`${name}.key`] = await readFile(key);
  pem[`${name}.pem`] = await readFile(cert);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vantage-client-certs-"));
  const san = path.join(dir, "san.ext");
  await writeFile(san, "subjectAltName=IP:127.0.0.1\n");
  await issue("ca", "/CN=Vantage Test CPE CA");
  await issue("other-ca", "/CN=Someone Else CA");
  await issue("server", "/CN=127.0.0.1", "ca", san);
  await issue("tls-1", "/CN=00D09E-IPTV-STB-TLS-1", "ca");
  await issue("tls-2", "/O=Acme/serialNumber=TLS-2", "ca");
  await issue("foreign", "/CN=00D09E-IPTV-STB-TLS-1", "other-ca");
  server = await startTestServer({
    CWMP_TLS_PORT: "0",
    CWMP_TLS_CERT: path.join(dir, "server.pem"),
    CWMP_TLS_KEY: path.join(dir, "server.key"),
    CWMP_TLS_CA: path.join(dir, "ca.pem"),
    CWMP_PROVISION_CR_CREDENTIALS: "false",
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  text: string;
  cookie?: string;
}

/** POST an Inform over TLS with the given client certificate (none when undefined). */
function inform(
  serial: string,
  client: string | undefined,
  target = server.cwmpTlsUrl ?? "",
  authorization?: string,
): Promise<Reply> {
  const body = serializeEnvelope({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    version: "1.0",
    header: { id: "tls" },
    body: makeInform(serial, ["1 BOOT"]),
  });
  return post(target, body, { client, authorization });
}

/** One POST on its own connection (https with the client certificate, if any). */
function post(
  target: string,
  body: string,
  opts: { client?: string; authorization?: string; cookie?: string },
): Promise<Reply> {
  const { client, authorization, cookie } = opts;
  const url = new URL(target);
  return new Promise((resolve, reject) => {
    const request = url.protocol === "https:" ? https.request : http.request;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/",
        agent: false,
        // The server's certificate is verified too: signed by the test CA for 127.0.0.1.
        ca: pem["ca.pem"],
        ...(client ? { cert: pem[`${client}.pem`], key: pem[`${client}.key`] } : {}),
        headers: {
          "Content-Type": "text/xml",
          Connection: "close",
          ...(authorization ? { Authorization: authorization } : {}),
          ...(cookie ? { Cookie: cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            cookie: res.headers["set-cookie"]?.[0]?.split(";")[0],
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const stored = async (serial: string) =>
  Promise.all([
    db().device.count({ where: { serialNumber: serial } }),
    db().informEvent.count({ where: { deviceId: { in: await deviceIds(serial) } } }),
  ]);

describe("client certificates", () => {
  it("accepts an Inform whose DeviceId the certificate names (CN or subject serialNumber)", async () => {
    const first = await inform("TLS-1", "tls-1");
    expect(first.status).toBe(200);
    expect(parseEnvelope(first.text).body).toMatchObject({ name: "InformResponse" });
    expect((await inform("TLS-2", "tls-2")).status).toBe(200);
    expect(await stored("TLS-1")).toEqual([1, 1]);
    expect(await stored("TLS-2")).toEqual([1, 1]);
  });

  it("refuses another device's certificate with 403 and writes nothing", async () => {
    const before = await stored("TLS-1");
    expect((await inform("TLS-3", "tls-1")).status).toBe(403);
    expect((await inform("TLS-1", "tls-2")).status).toBe(403);
    expect(await stored("TLS-3")).toEqual([0, 0]);
    expect(await stored("TLS-1")).toEqual(before);
  });

  it("continues a session on its cookie only with its device's certificate", async () => {
    const opened = await inform("TLS-1", "tls-1");
    expect(opened.status).toBe(200);
    expect(opened.cookie).toMatch(/^vantage-session=/);
    const url = server.cwmpTlsUrl ?? "";
    // The cookie over another device's connection: refused, the session left to its device.
    expect((await post(url, "", { client: "tls-2", cookie: opened.cookie })).status).toBe(403);
    const own = await post(url, "", { client: "tls-1", cookie: opened.cookie });
    expect([200, 204]).toContain(own.status);
  });

  it("gives no TLS session without a certificate or with one another CA signed", async () => {
    const before = await stored("TLS-1");
    // TLS 1.3: the client learns it at its first read (alert, or the server closing the socket).
    await expect(inform("TLS-1", undefined)).rejects.toMatchObject({
      code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
    });
    // Its subject names TLS-1 exactly: only the signature keeps it out.
    await expect(inform("TLS-1", "foreign")).rejects.toMatchObject({
      code: expect.stringMatching(/^(ERR_SSL_|ECONNRESET$)/) as unknown,
    });
    expect(await stored("TLS-1")).toEqual(before);
  });
});

describe("Basic authentication", () => {
  const listeners: CwmpServer[] = [];
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
  });

  async function listener(tls: boolean, allowBasicWithoutTls = false): Promise<string> {
    const cwmp = createCwmpServer({
      backend: new MemoryBackend(),
      auth: {
        mode: "basic",
        realm: "r",
        shared: { username: "fleet", password: "fleet-secret" },
        nonceKey: "k",
        nonceMaxAgeMs: 60_000,
        allowBasicWithoutTls,
      },
      maxBodyBytes: 1 << 20,
      sessionTimeoutMs: 30_000,
      log: pino({ level: "silent" }),
      ...(tls ? { tls: { cert: pem["server.pem"] ?? "", key: pem["server.key"] ?? "" } } : {}),
    });
    listeners.push(cwmp);
    await new Promise<void>((resolve) => cwmp.server.listen(0, "127.0.0.1", resolve));
    const port = (cwmp.server.address() as AddressInfo).port;
    return `${tls ? "https" : "http"}://127.0.0.1:${port}/`;
  }

  it("is accepted on the TLS listener, refused on the plain one unless explicitly allowed", async () => {
    const basic = basicAuthorization("fleet", "fleet-secret");
    expect((await inform("B-1", undefined, await listener(true), basic)).status).toBe(200);
    expect((await inform("B-2", undefined, await listener(false), basic)).status).toBe(401);
    expect((await inform("B-3", undefined, await listener(false, true), basic)).status).toBe(200);
  });
});
