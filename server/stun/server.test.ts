// The STUN listener on 127.0.0.1 with a scripted client: 401 then a signed request answered and signed,
// both forms, 420 for unknown comprehension-required attributes, nothing larger than the request for an
// unauthenticated source, hostile datagrams dropped, and the per-source rate limit.
import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ATTR,
  connectionRequestBinding,
  decodeErrorCode,
  decodeUnknownAttributes,
  mappedAddress,
  text,
} from "./attributes";
import { signMessage, verifyIntegrity } from "./integrity";
import { attribute, METHOD_BINDING, parseMessage, serializeMessage, type StunMessage } from "./message";
import { createRateLimiter } from "./rate-limit";
import { startStunServer, type StunServer } from "./server";

const USER = "00D09E-STUN1";
const PASSWORD = "device-stun-password";
const outcomes: string[] = [];
const bindings: { deviceId: number; authenticated: boolean; bindingChange: boolean }[] = [];
let server: StunServer;
let client: dgram.Socket;

beforeAll(async () => {
  server = await startStunServer({
    host: "127.0.0.1",
    port: 0,
    requireIntegrity: true,
    ratePerSource: 1000,
    credentials: (u) => Promise.resolve(u === USER ? { deviceId: 7, password: PASSWORD } : null),
    onOutcome: (o) => outcomes.push(o),
    onBinding: (b) => bindings.push(b),
  });
  client = dgram.createSocket("udp4");
  await new Promise<void>((r) => client.bind(0, "127.0.0.1", r));
});
afterAll(async () => {
  client.close();
  await server.close();
});

/** Sends and returns the answer, or null when none came within 300 ms. */
function exchange(datagram: Buffer): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off("message", onMessage);
      resolve(null);
    }, 300);
    const onMessage = (msg: Buffer) => {
      clearTimeout(timer);
      client.off("message", onMessage);
      resolve(msg);
    };
    client.on("message", onMessage);
    client.send(datagram, server.port, "127.0.0.1");
  });
}

let counter = 0;
function request(classic: boolean, attributes: StunMessage["attributes"]): StunMessage {
  counter++;
  return {
    method: METHOD_BINDING,
    cls: "request",
    classic,
    transactionId: Buffer.alloc(classic ? 16 : 12, counter),
    attributes,
  };
}

const tr111 = () => [text(ATTR.USERNAME, USER), connectionRequestBinding()];

function parsed(buf: Buffer | null): StunMessage {
  if (!buf) throw new Error("no answer");
  const r = parseMessage(buf);
  if (!r.ok) throw new Error(r.error);
  return r.message;
}

describe("STUN server", () => {
  it("answers an unsigned classic request with 401, then the signed retry with its mapping", async () => {
    const first = request(true, tr111());
    const raw = serializeMessage(first);
    const denied = await exchange(raw);
    expect(denied!.length).toBeLessThanOrEqual(raw.length);
    const err = parsed(denied);
    expect(err.cls).toBe("error");
    expect(err.transactionId).toEqual(first.transactionId);
    expect(decodeErrorCode(attribute(err, ATTR.ERROR_CODE)!)?.code).toBe(401);

    const retry = request(true, tr111());
    const answer = await exchange(signMessage(retry, { key: PASSWORD }));
    const ok = parsed(answer);
    expect(ok).toMatchObject({ cls: "success", classic: true });
    expect(ok.transactionId).toEqual(retry.transactionId);
    expect(mappedAddress(ok)).toEqual({ address: "127.0.0.1", port: client.address().port });
    expect(attribute(ok, ATTR.XOR_MAPPED_ADDRESS)).toBeUndefined(); // classic clients know MAPPED only
    expect(verifyIntegrity(answer!, PASSWORD)).toBe("valid");
    expect(bindings.at(-1)).toEqual({ deviceId: 7, authenticated: true, bindingChange: false });
  });

  it("answers the RFC 5389 form with XOR-MAPPED-ADDRESS and a fingerprint when asked", async () => {
    const m = request(false, [...tr111(), { type: ATTR.BINDING_CHANGE, value: Buffer.alloc(0) }]);
    const answer = await exchange(signMessage(m, { key: PASSWORD, fingerprint: true }));
    const ok = parsed(answer);
    expect(attribute(ok, ATTR.XOR_MAPPED_ADDRESS)).toBeDefined();
    expect(attribute(ok, ATTR.FINGERPRINT)).toBeDefined();
    expect(mappedAddress(ok)?.port).toBe(client.address().port);
    expect(bindings.at(-1)?.bindingChange).toBe(true);
  });

  it("gives the same 401 for a wrong signature and an unknown user (no oracle)", async () => {
    const wrong = parsed(await exchange(signMessage(request(true, tr111()), { key: "guess" })));
    const unknown = parsed(
      await exchange(signMessage(request(true, [text(ATTR.USERNAME, "00D09E-NOBODY")]), { key: "x" })),
    );
    for (const e of [wrong, unknown]) expect(decodeErrorCode(attribute(e, ATTR.ERROR_CODE)!)?.code).toBe(401);
    expect(attribute(wrong, ATTR.ERROR_CODE)).toEqual(attribute(unknown, ATTR.ERROR_CODE));
  });

  it("answers unknown comprehension-required attributes with 420 naming them", async () => {
    const m = request(false, [...tr111(), { type: 0x0024, value: Buffer.alloc(4) }]);
    const e = parsed(await exchange(signMessage(m, { key: PASSWORD })));
    expect(decodeErrorCode(attribute(e, ATTR.ERROR_CODE)!)?.code).toBe(420);
    expect(decodeUnknownAttributes(attribute(e, ATTR.UNKNOWN_ATTRIBUTES)!)).toEqual([0x0024]);
  });

  it("never answers an unauthenticated source with more bytes than it sent", async () => {
    // A bare 20-byte request: even the shortest 401 (28 bytes) is larger, so nothing comes back.
    const bare = serializeMessage(request(false, []));
    expect(await exchange(bare)).toBeNull();
    expect(outcomes.at(-1)).toBe("amplification-dropped");
    let answered = 0;
    for (const size of [0, 4, 8, 12, 40]) {
      const raw = serializeMessage(request(size % 8 === 0, [{ type: 0x8050, value: Buffer.alloc(size) }]));
      const answer = await exchange(raw);
      if (answer) {
        answered++;
        expect(answer.length).toBeLessThanOrEqual(raw.length);
      }
    }
    expect(answered).toBeGreaterThan(0); // the larger requests do get their (small enough) 401
  });

  it("drops truncated, garbage and non-request datagrams and keeps serving", async () => {
    const good = signMessage(request(true, tr111()), { key: PASSWORD });
    for (const junk of [
      good.subarray(0, 30),
      Buffer.from("GET / HTTP/1.1\r\n\r\n"),
      Buffer.alloc(3),
      serializeMessage({ ...request(false, []), cls: "success" }),
      serializeMessage({ ...request(false, []), cls: "indication" }),
    ]) {
      expect(await exchange(junk)).toBeNull();
    }
    expect(parsed(await exchange(good)).cls).toBe("success");
  });
});

describe("integrity not required", () => {
  it("answers an unsigned request and records its binding as unauthenticated", async () => {
    const open = await startStunServer({
      host: "127.0.0.1",
      port: 0,
      requireIntegrity: false,
      ratePerSource: 1000,
      credentials: (u) => Promise.resolve(u === USER ? { deviceId: 9, password: PASSWORD } : null),
      onBinding: (b) => bindings.push(b),
    });
    const m = request(true, tr111());
    const raw = serializeMessage(m);
    const answer = await new Promise<Buffer>((resolve) => {
      client.once("message", resolve);
      client.send(raw, open.port, "127.0.0.1");
    });
    await open.close();
    const ok = parsed(answer);
    expect(ok.cls).toBe("success");
    expect(attribute(ok, ATTR.MESSAGE_INTEGRITY)).toBeUndefined(); // nothing to sign with
    expect(answer.length).toBeLessThanOrEqual(raw.length);
    expect(bindings.at(-1)).toEqual({ deviceId: 9, authenticated: false, bindingChange: false });
  });
});

describe("rate limit", () => {
  it("drops a flood from one source beyond its rate and refills over time", async () => {
    const limited = await startStunServer({
      host: "127.0.0.1",
      port: 0,
      requireIntegrity: false,
      ratePerSource: 5,
      credentials: () => Promise.resolve(null),
      onOutcome: (o) => outcomes.push(o),
    });
    const before = outcomes.filter((o) => o === "rate-limited").length;
    const raw = serializeMessage(
      request(true, [text(ATTR.USERNAME, "00D09E-FLOOD"), text(0x8022, "x".repeat(40))]),
    );
    let answers = 0;
    client.on("message", () => answers++);
    for (let i = 0; i < 50; i++) client.send(raw, limited.port, "127.0.0.1");
    await new Promise((r) => setTimeout(r, 300));
    client.removeAllListeners("message");
    await limited.close();
    expect(answers).toBeGreaterThanOrEqual(5);
    expect(answers).toBeLessThanOrEqual(7);
    expect(outcomes.filter((o) => o === "rate-limited").length - before).toBeGreaterThanOrEqual(43);
  });

  it("keeps its map bounded and refills", () => {
    const l = createRateLimiter(2, 3);
    expect([l.take("a", 0), l.take("a", 0), l.take("a", 0)]).toEqual([true, true, false]);
    expect(l.take("a", 500)).toBe(true);
    for (const s of ["b", "c", "d", "e"]) l.take(s, 600);
    expect(l.size).toBe(3);
  });
});
