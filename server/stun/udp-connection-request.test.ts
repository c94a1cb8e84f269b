// TR-069 Annex G datagrams: the ACS's builder and the CPE's validator agree; replays (the ACS's own
// repeats, or an old datagram), wrong users and bad signatures are refused; the signature is
// compared case-insensitively; junk never throws.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  buildUdpConnectionRequest,
  parseUdpConnectionRequest,
  validateUdpConnectionRequest,
} from "./udp-connection-request";

const creds = { username: "SN1", password: "cr-sn1" };
const base = { address: "127.0.0.1", port: 40000, ...creds };

describe("UDP connection request", () => {
  it("builds the Annex G request line with the HMAC-SHA1 of ts id un cn", () => {
    const d = buildUdpConnectionRequest({ ...base, ts: 1_700_000_000, id: 42, cn: "abc" });
    const sig = createHmac("sha1", "cr-sn1").update("170000000042SN1abc").digest("hex");
    expect(d.toString()).toBe(
      `GET http://127.0.0.1:40000?ts=1700000000&id=42&un=SN1&cn=abc&sig=${sig} HTTP/1.1\r\nHost: 127.0.0.1:40000\r\n\r\n`,
    );
    expect(buildUdpConnectionRequest({ ...base, address: "::1" }).toString()).toContain("Host: [::1]:40000");
  });

  it("accepts once, then refuses the repeats and older or same-id requests", () => {
    const state = { lastTs: 0, lastId: -1 };
    const d = buildUdpConnectionRequest({ ...base, ts: 100, id: 1 });
    expect(validateUdpConnectionRequest(d, creds, state)).toBe("accepted");
    expect(validateUdpConnectionRequest(d, creds, state)).toBe("replay");
    expect(
      validateUdpConnectionRequest(buildUdpConnectionRequest({ ...base, ts: 99, id: 2 }), creds, state),
    ).toBe("replay");
    expect(
      validateUdpConnectionRequest(buildUdpConnectionRequest({ ...base, ts: 101, id: 1 }), creds, state),
    ).toBe("replay");
    expect(
      validateUdpConnectionRequest(buildUdpConnectionRequest({ ...base, ts: 101, id: 2 }), creds, state),
    ).toBe("accepted");
    expect(state).toEqual({ lastTs: 101, lastId: 2 });
  });

  it("refuses a wrong user or signature without moving the replay state", () => {
    const state = { lastTs: 0, lastId: -1 };
    const other = buildUdpConnectionRequest({ ...base, username: "SN2", ts: 5, id: 5 });
    expect(validateUdpConnectionRequest(other, creds, state)).toBe("bad-username");
    const forged = buildUdpConnectionRequest({ ...base, password: "guess", ts: 5, id: 5 });
    expect(validateUdpConnectionRequest(forged, creds, state)).toBe("bad-signature");
    expect(state).toEqual({ lastTs: 0, lastId: -1 });
    const upper = Buffer.from(
      buildUdpConnectionRequest({ ...base, ts: 6, id: 6 })
        .toString()
        .replace(/sig=([0-9a-f]+)/, (_m, s: string) => `sig=${s.toUpperCase()}`),
    );
    expect(validateUdpConnectionRequest(upper, creds, state)).toBe("accepted");
  });

  it("treats junk as malformed", () => {
    for (const junk of [
      "",
      "GET",
      "GET http://x?ts=1&id=2&un=a&cn=b HTTP/1.1\r\n\r\n", // no sig
      "GET http://x?ts=-1&id=2&un=a&cn=b&sig=00 HTTP/1.1\r\n\r\n",
      "GET http://x?ts=1&id=99999999999&un=a&cn=b&sig=00 HTTP/1.1\r\n\r\n",
      "POST http://x?ts=1&id=2&un=a&cn=b&sig=00 HTTP/1.1\r\n\r\n",
      `GET http://x?${"a".repeat(2000)} HTTP/1.1\r\n\r\n`,
      "\u0000\u0001\u0002",
    ]) {
      expect(parseUdpConnectionRequest(Buffer.from(junk))).toBeNull();
      expect(validateUdpConnectionRequest(Buffer.from(junk), creds, { lastTs: 0, lastId: -1 })).toBe(
        "malformed",
      );
    }
  });
});
