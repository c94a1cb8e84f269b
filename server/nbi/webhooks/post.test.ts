// The webhook POST's limits on real loopback listeners: no redirect followed, one deadline, a bounded
// answer, and a refused address never connected to.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { parseCidr, type Cidr } from "../../cwmp/transport/address-guard";
import { postWebhook } from "./post";

const servers: http.Server[] = [];
const allowed = [parseCidr("127.0.0.1/32") as Cidr];

async function listen(handler: http.RequestListener, host = "127.0.0.1") {
  const hits = { count: 0 };
  const server = http.createServer((req, res) => {
    hits.count++;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/`, hits };
}
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

const post = (url: string, timeoutMs = 2_000) =>
  postWebhook({ url, body: "{}", headers: {}, timeoutMs, policy: { allowedNetworks: allowed } });

describe("postWebhook", () => {
  it("does not follow a redirect: a 3xx is a failure and its target gets nothing", async () => {
    const target = await listen((_req, res) => res.end());
    const redirecting = await listen((_req, res) => {
      res.writeHead(307, { Location: target.url }).end();
    });
    const result = await post(redirecting.url);
    expect(result).toMatchObject({ ok: false, status: 307 });
    expect(target.hits.count).toBe(0);
  });

  it("gives up at the deadline when the receiver never answers", async () => {
    const silent = await listen(() => undefined);
    const started = Date.now();
    const result = await post(silent.url, 300);
    expect(result).toMatchObject({ ok: false, error: "no answer within 300 ms" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("stops reading an answer past the bound (it never has to end)", async () => {
    const endless = await listen((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(200 * 1024, 120)); // more than MAX_ANSWER_BYTES, and never ended
    });
    const result = await post(endless.url, 1_500);
    expect(result).toMatchObject({ ok: true, status: 200 });
  });

  it("refuses a URL outside the allowed networks without connecting", async () => {
    const other = await listen((_req, res) => res.end(), "127.0.0.2");
    const result = await post(other.url);
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(other.hits.count).toBe(0);
  });
});
