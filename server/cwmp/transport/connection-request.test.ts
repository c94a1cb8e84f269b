// Connection requests against CPE-like servers: Digest challenge/answer, bare-LF replies, refusals.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendConnectionRequest } from "./connection-request";
import { ha1, parseAuthorization, verifyDigest } from "./digest";

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A raw TCP "CPE" so the test controls every byte, line endings included. */
function rawCpe(answer: (request: string) => string): Promise<string> {
  const server = net.createServer((socket) => {
    let buffer = "";
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      if (!buffer.includes("\r\n\r\n")) return;
      const request = buffer;
      buffer = "";
      socket.write(answer(request));
    });
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/cr/ABC`),
    ),
  );
}

function digestCpe(lineEnd: string, password: string) {
  return (request: string): string => {
    const auth = /^authorization: (.*)$/im.exec(request)?.[1]?.trim();
    const parsed = parseAuthorization(auth);
    if (parsed?.scheme === "Digest" && verifyDigest(parsed.params, "GET", ha1("cr-user", "cpe", password))) {
      return ["HTTP/1.1 200 OK", "Content-Length: 0", "", ""].join(lineEnd);
    }
    return [
      "HTTP/1.1 401 Unauthorized",
      'WWW-Authenticate: Digest realm="cpe", nonce="n0nce", qop="auth"',
      "Content-Length: 0",
      "",
      "",
    ].join(lineEnd);
  };
}

describe("connection request", () => {
  it("answers a Digest challenge", async () => {
    const url = await rawCpe(digestCpe("\r\n", "secret"));
    expect(
      await sendConnectionRequest({ url, username: "cr-user", password: "secret", timeoutMs: 2000 }),
    ).toEqual({ ok: true, status: 200 });
  });

  it("copes with a CPE that ends its lines with a bare LF", async () => {
    const url = await rawCpe(digestCpe("\n", "secret"));
    expect(
      await sendConnectionRequest({ url, username: "cr-user", password: "secret", timeoutMs: 2000 }),
    ).toEqual({ ok: true, status: 200 });
  });

  it("reports wrong credentials, missing credentials and unreachable CPEs", async () => {
    const url = await rawCpe(digestCpe("\r\n", "secret"));
    expect(
      await sendConnectionRequest({ url, username: "cr-user", password: "nope", timeoutMs: 2000 }),
    ).toMatchObject({
      ok: false,
      status: 401,
      reason: "CPE rejected the credentials",
    });
    expect(await sendConnectionRequest({ url, timeoutMs: 2000 })).toMatchObject({ ok: false, status: 401 });
    expect(await sendConnectionRequest({ url: "http://127.0.0.1:1/cr", timeoutMs: 2000 })).toMatchObject({
      ok: false,
    });
    expect(await sendConnectionRequest({ url: "not a url", timeoutMs: 2000 })).toMatchObject({ ok: false });
  });

  it("gives up on a CPE that never answers", async () => {
    const url = await rawCpe(() => "");
    const started = Date.now();
    expect(await sendConnectionRequest({ url, timeoutMs: 300 })).toMatchObject({ ok: false });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
