// Connection requests against CPE-like servers on raw sockets, so each test controls every byte:
// Digest (qop and no qop) and Basic challenges, bare-LF replies, folded headers, headers ended by
// closing the connection, trickling and silent CPEs (the overall deadline), garbage and oversize answers.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { parseCidr, type Cidr } from "./address-guard";
import { MAX_HEADER_BYTES, parseHead, sendConnectionRequest } from "./connection-request";
import { ha1, parseAuthorization, verifyDigest } from "./digest";

const servers: net.Server[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(() => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const s of servers.splice(0)) {
    s.close();
    s.unref();
  }
});

type Handler = (request: string, socket: net.Socket, index: number) => void;

/** A raw TCP "CPE": `handle` gets each complete request (the index counts requests on this server). */
function rawCpe(handle: Handler, host = "127.0.0.1"): Promise<string> {
  let count = 0;
  const server = net.createServer((socket) => {
    let buffer = "";
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      if (!buffer.includes("\r\n\r\n")) return;
      const request = buffer;
      buffer = "";
      handle(request, socket, count++);
    });
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve(`http://${host.includes(":") ? `[${host}]` : host}:${port}/cr/ABC?x=1`);
    }),
  );
}

/** Reply with `text`, then close when `close` is set (the CPE ends its answer by closing). */
const reply =
  (answer: (request: string) => string, close = false): Handler =>
  (request, socket) => {
    socket.write(answer(request));
    if (close) socket.end();
  };

function digestOk(request: string, password: string): boolean {
  const auth = /^authorization: (.*)$/im.exec(request)?.[1]?.trim();
  const parsed = parseAuthorization(auth);
  return parsed?.scheme === "Digest" && verifyDigest(parsed.params, "GET", ha1("cr-user", "cpe", password));
}

function digestCpe(lineEnd: string, password: string, qop = true) {
  return (request: string): string => {
    if (digestOk(request, password)) return ["HTTP/1.1 204 No Content", "", ""].join(lineEnd);
    return [
      "HTTP/1.1 401 Unauthorized",
      `WWW-Authenticate: Digest realm="cpe", nonce="n0nce"${qop ? ', qop="auth"' : ""}`,
      "Content-Length: 0",
      "",
      "",
    ].join(lineEnd);
  };
}

const creds = { username: "cr-user", password: "secret" };
function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad CIDR ${text}`);
  return parsed;
}
/** The tests' CPEs listen on loopback, which connection requests may reach only when allowed. */
const loopback = { allowedNetworks: [cidr("127.0.0.0/8"), cidr("::1/128")], allowBasic: false };

describe("connection request", () => {
  it("accepts a plain CRLF 200 and sends a well-formed GET", async () => {
    const requests: string[] = [];
    const url = await rawCpe(
      reply((r) => {
        requests.push(r);
        return "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
      }),
    );
    expect(await sendConnectionRequest({ url, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: true,
      status: 200,
    });
    expect(requests[0]).toMatch(/^GET \/cr\/ABC\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
  });

  it("answers a Digest challenge (qop=auth) on CRLF lines", async () => {
    const url = await rawCpe(reply(digestCpe("\r\n", "secret")));
    expect(await sendConnectionRequest({ url, ...creds, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: true,
      status: 204,
    });
  });

  it("answers an LF-only 401 Digest challenge without qop, then takes the LF-only 204", async () => {
    const url = await rawCpe(reply(digestCpe("\n", "secret", false)));
    expect(await sendConnectionRequest({ url, ...creds, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: true,
      status: 204,
    });
  });

  it("joins a folded WWW-Authenticate header before reading the challenge", async () => {
    const url = await rawCpe(
      reply((r) =>
        digestOk(r, "secret")
          ? "HTTP/1.1 200 OK\r\n\r\n"
          : 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="cpe",\r\n\tnonce="n0nce",\r\n  qop="auth"\r\n\r\n',
      ),
    );
    expect(await sendConnectionRequest({ url, ...creds, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: true,
      status: 200,
    });
  });

  it("takes headers ended by the CPE closing the connection, with no blank line", async () => {
    const url = await rawCpe(
      reply(
        (r) =>
          digestOk(r, "secret")
            ? "HTTP/1.0 200 OK"
            : 'HTTP/1.0 401 Unauthorized\nWWW-Authenticate: Digest realm="cpe", nonce="n0nce", qop="auth"',
        true,
      ),
    );
    expect(await sendConnectionRequest({ url, ...creds, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: true,
      status: 200,
    });
  });

  it("sends no credentials to a CPE that offers only Basic over http, even when Basic is allowed", async () => {
    const requests: string[] = [];
    const url = await rawCpe(
      reply((r) => {
        requests.push(r);
        return 'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm="cpe"\n\n';
      }),
    );
    const reason =
      "CPE offers only Basic authentication; credentials are not sent (Basic only over https with CONNECTION_REQUEST_ALLOW_BASIC)";
    for (const allowBasic of [false, true]) {
      expect(
        await sendConnectionRequest({ url, ...creds, timeoutMs: 2000, policy: { ...loopback, allowBasic } }),
      ).toEqual({ ok: false, status: 401, reason, refused: true });
    }
    expect(requests).toHaveLength(2);
    expect(requests.some((r) => /^authorization:/im.test(r))).toBe(false);
  });

  it("does not wait for a body the CPE never finishes", async () => {
    const url = await rawCpe((_r, socket) =>
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\npartial"),
    );
    // Waiting for the body would end at the deadline with "no complete answer", not with a 200.
    expect(await sendConnectionRequest({ url, timeoutMs: 3000, policy: loopback })).toEqual({
      ok: true,
      status: 200,
    });
  });

  it("gives up at the overall deadline on a CPE that trickles one byte every 200 ms", async () => {
    const url = await rawCpe((_r, socket) => {
      socket.write("HTTP/1.1 401 Unauthorized\r\nX-Padding: ");
      const t = setInterval(() => socket.write("a"), 200);
      timers.push(t);
      socket.on("close", () => clearInterval(t));
    });
    // The trickle never idles, so only the overall deadline ends it (an idle timeout alone would
    // wait forever and the test would time out); the reason names that deadline.
    const result = await sendConnectionRequest({ url, ...creds, timeoutMs: 1000, policy: loopback });
    expect(result).toEqual({ ok: false, reason: "no complete answer within 1000 ms" });
  });

  it("counts both requests against one deadline", async () => {
    // Each answer alone comes well within the deadline; together they exceed it.
    const url = await rawCpe((request, socket) => {
      const t = setTimeout(() => socket.end(digestCpe("\r\n", "secret")(request)), 600);
      timers.push(t);
    });
    const result = await sendConnectionRequest({ url, ...creds, timeoutMs: 1000, policy: loopback });
    expect(result).toEqual({ ok: false, reason: "no complete answer within 1000 ms" });
  });

  it("reports a garbage status line as an error, and keeps working after it", async () => {
    const url = await rawCpe(reply(() => "SSH-2.0-OpenSSH_9.6\r\n\r\n"));
    expect(await sendConnectionRequest({ url, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: false,
      reason: 'malformed status line "SSH-2.0-OpenSSH_9.6"',
    });
    const closed = await rawCpe(reply(() => "\u0000\u0001\u0002", true));
    expect(await sendConnectionRequest({ url: closed, timeoutMs: 2000, policy: loopback })).toMatchObject({
      ok: false,
    });
    const good = await rawCpe(reply(() => "HTTP/1.1 204 No Content\r\n\r\n"));
    expect(await sendConnectionRequest({ url: good, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: true,
      status: 204,
    });
  });

  it("stops reading headers past the byte cap", async () => {
    const url = await rawCpe((_r, socket) =>
      socket.write(`HTTP/1.1 401 Unauthorized\r\nX-Padding: ${"a".repeat(MAX_HEADER_BYTES + 100)}`),
    );
    expect(await sendConnectionRequest({ url, ...creds, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: false,
      reason: `answer headers exceed ${MAX_HEADER_BYTES} bytes`,
    });
  });

  it("reaches a CPE on an IPv6 literal address", async () => {
    const url = await rawCpe(reply(digestCpe("\n", "secret")), "::1");
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+\//);
    expect(await sendConnectionRequest({ url, ...creds, timeoutMs: 2000, policy: loopback })).toEqual({
      ok: true,
      status: 204,
    });
  });

  it("reports wrong credentials, missing credentials, other schemes and unreachable CPEs", async () => {
    const url = await rawCpe(reply(digestCpe("\r\n", "secret")));
    expect(
      await sendConnectionRequest({
        url,
        username: "cr-user",
        password: "nope",
        timeoutMs: 2000,
        policy: loopback,
      }),
    ).toEqual({
      ok: false,
      status: 401,
      reason: "CPE rejected the credentials",
    });
    expect(await sendConnectionRequest({ url, timeoutMs: 2000, policy: loopback })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      await sendConnectionRequest({ url: "http://127.0.0.1:1/cr", timeoutMs: 2000, policy: loopback }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      await sendConnectionRequest({ url: "not a url", timeoutMs: 2000, policy: loopback }),
    ).toMatchObject({ ok: false });
    expect(
      await sendConnectionRequest({ url: "ftp://127.0.0.1/cr", timeoutMs: 2000, policy: loopback }),
    ).toEqual({
      ok: false,
      reason: "unsupported scheme ftp:",
    });
  });

  it("gives up on a CPE that never answers", async () => {
    const url = await rawCpe(() => {});
    expect(await sendConnectionRequest({ url, timeoutMs: 300, policy: loopback })).toEqual({
      ok: false,
      reason: "no complete answer within 300 ms",
    });
  });
});

describe("connection request over https", () => {
  /** A TLS "CPE" on loopback with a fresh self-signed certificate for 127.0.0.1; returns URL and CA. */
  function tlsCpe(handle: (request: string) => string): Promise<{ url: string; ca: Buffer }> {
    const dir = mkdtempSync(path.join(tmpdir(), "vantage-cr-tls-"));
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
        ...["-addext", "subjectAltName=IP:127.0.0.1"],
        ...["-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
      ],
      { stdio: "ignore" },
    );
    const ca = readFileSync(path.join(dir, "cert.pem"));
    const key = readFileSync(path.join(dir, "key.pem"));
    rmSync(dir, { recursive: true, force: true });
    const server = tls.createServer({ cert: ca, key }, (socket) => {
      let buffer = "";
      socket.on("error", () => {});
      socket.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("latin1");
        if (!buffer.includes("\r\n\r\n")) return;
        socket.end(handle(buffer));
        buffer = "";
      });
    });
    servers.push(server);
    return new Promise((resolve) =>
      server.listen(0, "127.0.0.1", () =>
        resolve({ url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}/cr`, ca }),
      ),
    );
  }

  const basicCpe = (r: string) => {
    const auth = parseAuthorization(/^authorization: (.*)$/im.exec(r)?.[1]?.trim());
    return auth?.scheme === "Basic" && auth.password === "secret"
      ? "HTTP/1.1 200 OK\r\n\r\n"
      : 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="cpe"\r\n\r\n';
  };

  it("answers Basic over https only when CONNECTION_REQUEST_ALLOW_BASIC is set", async () => {
    const { url, ca } = await tlsCpe(basicCpe);
    const policy = { ...loopback, tlsCa: ca };
    expect(
      await sendConnectionRequest({
        url,
        ...creds,
        timeoutMs: 3000,
        policy: { ...policy, allowBasic: true },
      }),
    ).toEqual({ ok: true, status: 200 });
    expect(await sendConnectionRequest({ url, ...creds, timeoutMs: 3000, policy })).toMatchObject({
      ok: false,
      status: 401,
      refused: true,
    });
  });

  it("answers Digest over https, and refuses a certificate it does not trust", async () => {
    const { url, ca } = await tlsCpe(digestCpe("\r\n", "secret"));
    expect(
      await sendConnectionRequest({ url, ...creds, timeoutMs: 3000, policy: { ...loopback, tlsCa: ca } }),
    ).toEqual({ ok: true, status: 204 });
    const untrusted = await sendConnectionRequest({ url, ...creds, timeoutMs: 3000, policy: loopback });
    expect(untrusted).toMatchObject({ ok: false, reason: expect.stringMatching(/certificate/i) as unknown });
  });
});

describe("parseHead", () => {
  it("reads status and every WWW-Authenticate, folded or not, from CRLF or LF lines", () => {
    expect(
      parseHead(
        'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm="a"\nwww-authenticate: Digest\n realm="b"',
      ),
    ).toEqual({ kind: "answer", status: 401, challenges: ['Basic realm="a"', 'Digest realm="b"'] });
    expect(parseHead("HTTP/1.1 204\r\n")).toEqual({ kind: "answer", status: 204, challenges: [] });
    expect(parseHead("HTTP/1.1 2000 OK")).toMatchObject({ kind: "error" });
    expect(parseHead("")).toMatchObject({ kind: "error" });
  });
});
