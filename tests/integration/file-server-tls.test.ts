// The file server over HTTPS (FILE_TLS_CERT/KEY): Basic is accepted there (and only there) against the
// grant's password, the URL Downloads carry is https, and an upload announcing more than the cap is
// refused (413) before its body is read.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestAuthorization, parseAuthorization } from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import { fileServerUrl, imagePath, uploadPath } from "../../server/firmware/file-base";
import { MAX_UPLOAD_BYTES } from "../../server/firmware/file-server/upload";
import { issueGrant } from "../../server/firmware/grants";
import { addTestImage } from "../support/firmware";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let dir: string;
let ca: Buffer;
let deviceId: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "vantage-file-tls-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  ca = readFileSync(cert);
  server = await startTestServer({ FILE_TLS_CERT: cert, FILE_TLS_KEY: key });
  deviceId = (
    await db().device.create({
      data: { oui: "00D09E", productClass: "HGW", serialNumber: "TLS-1", manufacturer: "Acme" },
    })
  ).id;
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function request(
  urlPath: string,
  options: { method?: string; headers?: Record<string, string | number> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = https.request(server.fileUrl + urlPath, {
      ca,
      method: options.method ?? "GET",
      headers: options.headers,
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    // An announced body is never sent: the server must answer from the headers.
    if (!options.headers?.expect) req.end();
    else req.flushHeaders();
  });
}

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

describe("file server over TLS", () => {
  it("announces an https URL and accepts Basic with the grant's password only", async () => {
    expect(fileServerUrl()).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const image = await addTestImage({ version: "4.0.0", size: 2_000 });
    const g = await db().$transaction((tx) =>
      issueGrant(tx, { deviceId, purpose: "download", imageId: image.id }),
    );
    const ok = await request(imagePath(image), { headers: { authorization: basic(g.username, g.password) } });
    expect(ok.status).toBe(200);
    expect(ok.body.length).toBe(2_000);
    const wrong = await request(imagePath(image), { headers: { authorization: basic(g.username, "nope") } });
    expect(wrong.status).toBe(401);
  });

  it("refuses an upload announcing more than the cap before reading it", async () => {
    const g = await db().$transaction((tx) =>
      issueGrant(tx, { deviceId, purpose: "upload", fileType: "2 Vendor Log File" }),
    );
    const target = uploadPath(g.username);
    const first = await request(target, { method: "PUT", headers: { "content-length": 0 } });
    expect(first.status).toBe(401);
    const challenge = parseAuthorization(String(first.headers["www-authenticate"]));
    if (challenge?.scheme !== "Digest") throw new Error("no Digest challenge");
    const authorization = digestAuthorization({
      method: "PUT",
      uri: target,
      ...g,
      challenge: challenge.params,
    });
    const big = await request(target, {
      method: "PUT",
      headers: { authorization, "content-length": MAX_UPLOAD_BYTES + 1, expect: "100-continue" },
    });
    expect(big.status).toBe(413);
    expect(await db().deviceFile.count({ where: { deviceId } })).toBe(0);
  });
});
