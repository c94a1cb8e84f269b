// The file server against the real process and database: per-grant Digest credentials (wrong, another
// image's, expired all 401), Range 206/416, HEAD, the verification headers, counters, a blocked image
// 403, a CPE upload stored as a DeviceFile, and a feed without credentials.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestAuthorization, parseAuthorization } from "../../server/cwmp/transport/digest";
import { db } from "../../server/db";
import type { FirmwareImage } from "../../server/generated/prisma/client";
import { imagePath, uploadPath } from "../../server/firmware/file-base";
import { issueGrant } from "../../server/firmware/grants";
import { storeDir } from "../../server/firmware/paths";
import { addTestImage } from "../support/firmware";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let deviceId: number;
let image: FirmwareImage;
let other: FirmwareImage;
let bytes: Buffer;

beforeAll(async () => {
  server = await startTestServer();
  const device = await db().device.create({
    data: { oui: "00D09E", productClass: "HGW", serialNumber: "FS-1", manufacturer: "Acme" },
  });
  deviceId = device.id;
  image = await addTestImage({ version: "2.0.0", size: 200_000 });
  other = await addTestImage({ version: "2.0.1", size: 1_000 });
  bytes = readFileSync(path.join(storeDir("images"), image.storageName));
});

afterAll(async () => {
  await server?.close();
});

async function grant(opts: {
  imageId?: number;
  purpose?: "download" | "upload";
  expiresAt?: Date;
  fileType?: string;
}) {
  return db().$transaction((tx) =>
    issueGrant(tx, {
      deviceId,
      purpose: opts.purpose ?? "download",
      imageId: opts.imageId,
      expiresAt: opts.expiresAt,
      fileType: opts.fileType,
    }),
  );
}

/** A request answering the server's Digest challenge (one 401 round trip, like a CPE). */
async function digestFetch(
  urlPath: string,
  creds: { username: string; password: string },
  init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Response> {
  const url = server.fileUrl + urlPath;
  const method = init.method ?? "GET";
  const first = await fetch(url, { method, headers: init.headers });
  await first.arrayBuffer();
  if (first.status !== 401) return first;
  const challenge = parseAuthorization(first.headers.get("www-authenticate") ?? "");
  if (challenge?.scheme !== "Digest") throw new Error("no Digest challenge");
  const authorization = digestAuthorization({ method, uri: urlPath, ...creds, challenge: challenge.params });
  return fetch(url, {
    method,
    headers: { ...init.headers, authorization },
    body: init.body ? new Uint8Array(init.body) : undefined,
  });
}

describe("file server: images", () => {
  it("serves the image to its grant, with the headers a CPE verifies with, and counts it", async () => {
    const g = await grant({ imageId: image.id });
    const res = await digestFetch(imagePath(image), g);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(bytes)).toBe(true);
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("etag")).toBe(`"${image.sha256}"`);
    expect(res.headers.get("digest")).toBe(`sha-256=${createHash("sha256").update(bytes).digest("base64")}`);
    expect(res.headers.get("x-vantage-signature")).toMatch(/^alg=ed25519; key=[0-9a-f]{64}; sig=\S+$/);
    const row = await waitFor(async () => {
      const r = await db().firmwareImage.findUniqueOrThrow({ where: { id: image.id } });
      return r.downloads === 1 ? r : null;
    });
    expect(row.bytesServed).toBe(BigInt(bytes.length));
    const used = await db().fileGrant.findUniqueOrThrow({ where: { id: g.grant.id } });
    expect(used.uses).toBe(1);
  });

  it("refuses wrong credentials, another image's, an expired grant, no credentials: 401 with a challenge", async () => {
    const mine = await grant({ imageId: image.id });
    const others = await grant({ imageId: other.id });
    const expired = await grant({ imageId: image.id, expiresAt: new Date(Date.now() - 1000) });
    const upload = await grant({ purpose: "upload", fileType: "1 Vendor Configuration File" });
    for (const creds of [
      { username: mine.username, password: "wrong" },
      others,
      expired,
      upload,
      { username: "nobody", password: "x" },
    ]) {
      const res = await digestFetch(imagePath(image), creds);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Digest realm="Vantage files"/);
    }
    // Basic over plain HTTP is refused even with the right password.
    const basic = await fetch(server.fileUrl + imagePath(image), {
      headers: {
        authorization: `Basic ${Buffer.from(`${mine.username}:${mine.password}`).toString("base64")}`,
      },
    });
    expect(basic.status).toBe(401);
  });

  it("serves one range (206), refuses one outside the file (416), answers HEAD without a body", async () => {
    const g = await grant({ imageId: image.id });
    const before = await db().firmwareImage.findUniqueOrThrow({ where: { id: image.id } });
    const part = await digestFetch(imagePath(image), g, { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const after = await waitFor(async () => {
      const r = await db().firmwareImage.findUniqueOrThrow({ where: { id: image.id } });
      return r.bytesServed === before.bytesServed + 100n ? r : null;
    });
    expect(after.downloads).toBe(before.downloads); // a range is not a whole download

    const none = await digestFetch(imagePath(image), g, { headers: { range: `bytes=${bytes.length}-` } });
    expect(none.status).toBe(416);
    expect(none.headers.get("content-range")).toBe(`bytes */${bytes.length}`);

    const head = await digestFetch(imagePath(image), g, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("never serves a blocked image (403), even to a valid grant", async () => {
    const blocked = await addTestImage({ version: "6.6.6", size: 500 });
    const g = await grant({ imageId: blocked.id });
    await db().firmwareImage.update({ where: { id: blocked.id }, data: { state: "blocked" } });
    expect((await digestFetch(imagePath(blocked), g)).status).toBe(403);
  });

  it("answers only its own paths and methods", async () => {
    expect((await fetch(server.fileUrl + "/etc/passwd")).status).toBe(404);
    expect((await fetch(server.fileUrl + "/images/../x")).status).toBe(404);
    expect((await fetch(server.fileUrl + imagePath(image), { method: "DELETE" })).status).toBe(405);
    expect((await fetch(server.fileUrl + "/uploads/tabc", { method: "GET" })).status).toBe(405);
    const withBody = await fetch(server.fileUrl + imagePath(image), { method: "POST", body: "x" });
    expect(withBody.status).toBe(405);
  });
});

describe("file server: uploads and feed", () => {
  it("stores a CPE upload as a DeviceFile of the grant's device", async () => {
    const g = await grant({ purpose: "upload", fileType: "1 Vendor Configuration File" });
    const content = Buffer.from("<config>secret-ish</config>");
    const res = await digestFetch(uploadPath(g.username), g, {
      method: "PUT",
      headers: { "content-type": "text/xml" },
      body: content,
    });
    expect(res.status).toBe(201);
    const file = await db().deviceFile.findFirstOrThrow({ where: { deviceId } });
    expect(file.fileType).toBe("1 Vendor Configuration File");
    expect(file.size).toBe(BigInt(content.length));
    expect(file.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(file.contentType).toBe("text/xml");
    expect(readFileSync(path.join(storeDir("uploads"), file.storageName)).equals(content)).toBe(true);

    // The grant is spent: a second file with it is refused.
    const again = await digestFetch(uploadPath(g.username), g, { method: "PUT", body: content });
    expect(again.status).toBe(403);
    expect(await db().deviceFile.count({ where: { deviceId } })).toBe(1);

    // Another grant's username in the URL: refused.
    const second = await grant({ purpose: "upload", fileType: "2 Vendor Log File" });
    const wrong = await digestFetch(uploadPath(second.username), g, { method: "PUT", body: content });
    expect(wrong.status).toBe(401);
  });

  it("publishes a feed of released images without credentials", async () => {
    await addTestImage({
      version: "3.0.0",
      productClasses: ["HGW"],
      releaseDate: new Date(Date.now() + 86_400_000),
    });
    const res = await fetch(server.fileUrl + "/feed.json?productClass=HGW");
    expect(res.status).toBe(200);
    const text = await res.text();
    const feed = JSON.parse(text) as { models: { productClass: string; images: { version: string }[] }[] };
    const versions = feed.models.flatMap((m) => m.images.map((i) => i.version));
    expect(versions).toContain("2.0.0");
    expect(versions).not.toContain("3.0.0"); // not released yet
    expect(versions).not.toContain("6.6.6"); // blocked
    expect(text).not.toMatch(/password|ha1|storageName|username/i);
  });
});
