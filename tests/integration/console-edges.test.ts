// The console's edges against a real Vantage process with the Next.js console on loopback: security
// headers on every response, the request-body cap (declared and chunked), and that bodies within the
// cap still reach next-auth and tRPC through the cap's byte counter.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overrideSettings } from "../../server/env";
import { startServer, type RunningServer } from "../../server/start";

const ADMIN_PASSWORD = "test-admin-password";
let server: RunningServer;
let base: URL;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request; a body given as chunks is sent chunked (no Content-Length). */
function request(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; chunks?: (string | Buffer)[] } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path, method: opts.method ?? "GET", headers: opts.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    // A refused upload may be cut off while still sending; the answer already arrived or fails the test.
    req.on("error", reject);
    const chunks = opts.chunks ?? [];
    const write = (i: number): void => {
      if (i >= chunks.length) {
        req.end();
        return;
      }
      if (req.destroyed) return;
      req.write(chunks[i], () => write(i + 1));
    };
    write(0);
  });
}

function cookiesOf(reply: Reply): string {
  return (reply.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}

async function signIn(): Promise<string> {
  const csrf = await request("/api/auth/csrf");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username: "admin", password: ADMIN_PASSWORD, json: "true" });
  const text = form.toString();
  // Chunked on purpose: next-auth must read the body through the cap's counter.
  const reply = await request("/api/auth/callback/credentials", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookiesOf(csrf),
    },
    chunks: [text.slice(0, 10), text.slice(10)],
  });
  const cookies = `${cookiesOf(csrf)}; ${cookiesOf(reply)}`;
  expect(cookies).toContain("next-auth.session-token=");
  return cookies;
}

beforeAll(async () => {
  const settings = overrideSettings({
    DATABASE_URL: "",
    DATA_DIR: "memory:",
    HOST: "127.0.0.1",
    PORT: "0",
    CWMP_PORT: "0",
    FILE_PORT: "0",
    BULKDATA_PORT: "0",
    CWMP_AUTH: "none",
    ADMIN_PASSWORD,
    LOG_LEVEL: "silent",
    WEB_MAX_BODY_BYTES: String(64 * 1024),
  });
  server = await startServer({ settings, web: true, poolSize: 4 });
  base = new URL(server.webUrl ?? "");
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("security headers", () => {
  it.each(["/login", "/api/health", "/api/auth/csrf", "/api/trpc/session.me"])("on %s", async (path) => {
    const reply = await request(path);
    expect(reply.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(reply.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(reply.headers["x-frame-options"]).toBe("DENY");
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["referrer-policy"]).toBe("same-origin");
  });

  it("still serves the login page under that policy", async () => {
    const reply = await request("/login");
    expect(reply.status).toBe(200);
    // The page's scripts are same-origin files (allowed by script-src 'self').
    expect(reply.body).toMatch(/<script src="\/_next\//);
  });
});

describe("request-body cap", () => {
  it("refuses a declared Content-Length over the cap before reading it", async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(base.port), base.hostname, () => {
        socket.write(
          `POST /api/trpc/savedSearches.save HTTP/1.1\r\nHost: ${base.host}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n{"x":`,
        );
      });
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (c: string) => (data += c));
      socket.on("close", () => resolve(data));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain("frame-ancestors 'none'");
  });

  it("cuts off a chunked body once it passes the cap, and keeps serving", async () => {
    const cookie = await signIn();
    const chunk = Buffer.alloc(16 * 1024, "a");
    const reply = await request("/api/trpc/savedSearches.save", {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      chunks: ['{"name":"big","query":"', ...Array<Buffer>(8).fill(chunk), '"}'],
    }).catch((err: unknown) => ({ status: -1, headers: {}, body: String(err) }));
    expect(reply.status).toBe(413);
    expect((await request("/api/health")).status).toBe(200);
  });

  it("lets a chunked body within the cap through to tRPC", async () => {
    const cookie = await signIn();
    const json = JSON.stringify({ json: { name: "chunked search", query: {} } });
    const reply = await request("/api/trpc/savedSearches.save", {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      chunks: [json.slice(0, 5), json.slice(5)],
    });
    expect(reply.status).toBe(200);
    const list = await request("/api/trpc/savedSearches.list", { headers: { cookie } });
    expect(list.body).toContain("chunked search");
  });
});
