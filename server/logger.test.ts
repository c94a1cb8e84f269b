import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { LOG_OPTIONS } from "./logger";

function capture(): { log: pino.Logger; lines: () => string } {
  let out = "";
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { log: pino(LOG_OPTIONS, sink), lines: () => out };
}

describe("logger redaction", () => {
  it("censors password-like fields at the top level and one level down, keeping the rest", () => {
    const { log, lines } = capture();
    log.info({ password: "p-top", device: { connectionRequestPassword: "p-crp", serial: "SN1" } }, "x");
    log.child({ component: "auth" }).warn({ req: { headers: { authorization: "Digest p-auth" } } }, "y");
    log.info({ operator: { cwmpHa1: "p-ha1", secret: "p-sec" } }, "z");
    const text = lines();
    for (const s of ["p-top", "p-crp", "p-auth", "p-ha1", "p-sec"]) expect(text).not.toContain(s);
    expect(text).toContain("SN1");
    expect(text).toContain("••••••••");
  });
});
