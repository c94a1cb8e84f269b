// The optional HTTPS listener serves the same sessions as the plain one.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseEnvelope, serializeEnvelope } from "../../server/cwmp/soap";
import { makeInform } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const dir = mkdtempSync(path.join(tmpdir(), "vantage-tls-"));

beforeAll(async () => {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  server = await startTestServer({
    CWMP_TLS_PORT: "0",
    CWMP_TLS_CERT: path.join(dir, "cert.pem"),
    CWMP_TLS_KEY: path.join(dir, "key.pem"),
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("answers an Inform over TLS", async () => {
  expect(server.cwmpTlsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  const url = new URL(server.cwmpTlsUrl ?? "");
  const body = serializeEnvelope({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
    version: "1.2",
    header: { id: "tls-1" },
    body: makeInform("TLS-1", ["1 BOOT"]),
  });
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/",
        rejectUnauthorized: false,
        headers: { "Content-Type": "text/xml" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
  expect(answer.status).toBe(200);
  const envelope = parseEnvelope(answer.text);
  expect(envelope.body).toEqual({ name: "InformResponse", maxEnvelopes: 1 });
  expect(envelope.cwmpNamespace).toBe("urn:dslforum-org:cwmp-1-2");
});
