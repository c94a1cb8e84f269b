// Bad input at the CWMP listener: each gets a 4xx or a SOAP fault, writes nothing, and the server
// keeps serving everyone else. (How fast the codec refuses it: bench/codec.ts.)
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ CWMP_MAX_BODY_BYTES: String(8 * 1024 * 1024) });
});
afterAll(async () => {
  await server?.close();
});

const envelope = (body: string) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Header><cwmp:ID soap:mustUnderstand="1">1</cwmp:ID></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;

const hostile: Record<string, () => Buffer> = {
  "billion laughs": () =>
    Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
        `<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>` +
        envelope("<cwmp:Inform>&lol4;</cwmp:Inform>"),
    ),
  "external entity": () =>
    Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
        envelope("<cwmp:Inform>&xxe;</cwmp:Inform>"),
    ),
  "100k-deep nesting": () => Buffer.from(envelope("<a>".repeat(100_000) + "</a>".repeat(100_000))),
  truncated: () => Buffer.from(envelope(makeInformXml()).slice(0, 300)),
  "random binary": () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
  "not XML": () => Buffer.from("hello, I am a CPE, let me in"),
  "unknown method": () => Buffer.from(envelope("<cwmp:MakeCoffee><Sugar>2</Sugar></cwmp:MakeCoffee>")),
  "envelope without body": () =>
    Buffer.from(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"></soap:Envelope>`),
};

function makeInformXml(): string {
  return "<cwmp:Inform><DeviceId><Manufacturer>X</Manufacturer><OUI>1</OUI><ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId></cwmp:Inform>";
}

function post(
  url: string,
  body: Buffer | null,
  headers: Record<string, string | number> = {},
): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: "/", method: "POST", headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    if (body) req.end(body);
  });
}

describe("hostile input", () => {
  for (const [name, make] of Object.entries(hostile)) {
    it(`${name}: 4xx or SOAP fault, nothing written`, async () => {
      const before = await db().device.count();
      const answer = await post(server.cwmpUrl, make(), { "Content-Type": "text/xml" });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(await db().device.count()).toBe(before);
    });
  }

  it("a 64 MiB body is refused with 413 before it is read, with bounded memory", async () => {
    const heapBefore = process.memoryUsage().rss;
    const { status, sentMiB } = await streamMegabytes(64, { "Content-Length": 64 * 1024 * 1024 });
    expect(status).toBe(413);
    // The answer came while the client was still sending: the body was refused, not read.
    expect(sentMiB).toBeLessThan(64);
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it("a streamed (chunked) oversize body is cut off", async () => {
    expect([413, -1]).toContain((await streamMegabytes(16, {})).status);
  });

  it("keeps serving a well-behaved CPE after all of that", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const answer = await cpe.inform(makeInform("STILL-OK", ["1 BOOT"]));
    expect(answer.status).toBe(200);
    expect(answer.envelope?.body.name).toBe("InformResponse");
    cpe.close();
  });

  it("answers GET with 405", async () => {
    const u = new URL(server.cwmpUrl);
    const status = await new Promise<number>((resolve) => {
      http.get({ host: u.hostname, port: u.port, path: "/" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
    });
    expect(status).toBe(405);
  });
});

/**
 * POST `megabytes` MiB in 1 MiB writes (honouring back-pressure); resolves the status (-1 if cut off)
 * and how many MiB the socket had taken when the answer came.
 */
function streamMegabytes(
  megabytes: number,
  headers: Record<string, number>,
): Promise<{ status: number; sentMiB: number }> {
  const u = new URL(server.cwmpUrl);
  return new Promise((resolve) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: "POST", path: "/", headers, agent: false },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sentMiB: sent });
      },
    );
    req.on("error", () => resolve({ status: -1, sentMiB: sent }));
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    let sent = 0;
    const pump = (): void => {
      while (sent < megabytes && req.write(chunk)) sent++;
      if (sent < megabytes) req.once("drain", pump);
      else req.end();
    };
    pump();
  });
}
