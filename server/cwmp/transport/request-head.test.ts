import { describe, expect, it } from "vitest";
import { MAX_HEAD_BYTES, opensSession, scanRequestHead } from "./request-head";

const COOKIE = "vantage-session";
const scan = (text: string) => scanRequestHead(Buffer.from(text, "latin1"), COOKIE);

describe("scanRequestHead", () => {
  it("reads a new session's Inform head (body after it)", () => {
    const head = scan("POST /acs HTTP/1.1\r\nHost: a\r\nContent-Length: 1234\r\n\r\n<soap");
    expect(head).toEqual({ method: "POST", hasBody: true, hasSessionCookie: false });
    expect(opensSession(head as Exclude<typeof head, string>)).toBe(true);
  });

  it("waits for the blank line, even split inside it", () => {
    expect(scan("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r")).toBe("incomplete");
    expect(scan("PO")).toBe("incomplete");
  });

  it("sees our cookie among others, in any header case, and chunked bodies", () => {
    const head = scan(
      "POST / HTTP/1.1\r\ncOOkie: a=1; vantage-session=0123456789abcdef0123456789abcdef\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    expect(head).toEqual({ method: "POST", hasBody: true, hasSessionCookie: true });
    expect(opensSession(head as Exclude<typeof head, string>)).toBe(false);
  });

  it("does not take an empty POST (a session's end, a Digest probe) or another method for a new session", () => {
    for (const text of [
      "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 000\r\n\r\n",
      "POST / HTTP/1.0\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: 10\r\n\r\n",
    ]) {
      const head = scan(text);
      expect(typeof head, text).toBe("object");
      expect(opensSession(head as Exclude<typeof head, string>), text).toBe(false);
    }
  });

  it("calls anything that is not an HTTP/1 request line, or a head past the limit, unreadable", () => {
    expect(scan("\x16\x03\x01\x02\x00\x01\r\n\r\n")).toBe("unreadable");
    expect(scan("POST /\r\n\r\n")).toBe("unreadable");
    expect(scan("POST / HTTP/2.0\r\n\r\n")).toBe("unreadable");
    expect(scan(`POST / HTTP/1.1\r\nX: ${"a".repeat(MAX_HEAD_BYTES)}`)).toBe("unreadable");
    expect(scan(`POST / HTTP/1.1\r\nX: ${"a".repeat(MAX_HEAD_BYTES)}\r\n\r\n`)).toBe("unreadable");
  });

  it("ignores header lines without a name", () => {
    expect(scan("POST / HTTP/1.1\r\n: x\r\nnocolon\r\nContent-Length: 3\r\n\r\n")).toEqual({
      method: "POST",
      hasBody: true,
      hasSessionCookie: false,
    });
  });
});
