import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER, clientAddress, stampClientAddress } from "./client-address";

describe("clientAddress", () => {
  it("ignores X-Forwarded-For without TRUSTED_PROXIES", () => {
    expect(clientAddress("127.0.0.5", "127.0.0.9", [])).toBe("127.0.0.5");
    expect(clientAddress("::ffff:127.0.0.5", undefined, [])).toBe("127.0.0.5");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("127.0.0.5", "127.0.0.9", ["127.0.0.2"])).toBe("127.0.0.5");
  });

  it("takes the nearest untrusted hop when the peer is a trusted proxy", () => {
    expect(clientAddress("127.0.0.2", "127.0.0.9", ["127.0.0.2"])).toBe("127.0.0.9");
    // The client wrote the leftmost entry itself: a forged hop must not win.
    expect(
      clientAddress("::ffff:127.0.0.2", "127.0.0.66, 127.0.0.9, 127.0.0.3", ["127.0.0.2", "127.0.0.3"]),
    ).toBe("127.0.0.9");
    expect(clientAddress("127.0.0.2", undefined, ["127.0.0.2"])).toBe("127.0.0.2");
    expect(clientAddress("::1", ["127.0.0.7", "127.0.0.8"], ["::1"])).toBe("127.0.0.8");
  });
});

describe("stampClientAddress", () => {
  const request = (remoteAddress: string, headers: Record<string, string>) =>
    ({ socket: { remoteAddress }, headers: { ...headers } }) as unknown as IncomingMessage;

  it("overwrites a client-sent address header with the socket's peer", () => {
    const req = request("127.0.0.1", {
      [CLIENT_ADDRESS_HEADER]: "127.0.0.98",
      "x-forwarded-for": "127.0.0.99",
    });
    stampClientAddress(req, []);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
  });

  it("uses X-Forwarded-For behind a trusted proxy", () => {
    const req = request("127.0.0.2", { "x-forwarded-for": "127.0.0.99" });
    stampClientAddress(req, ["127.0.0.2"]);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.99");
  });
});
