import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./sign";

const secret = "whsec_test-secret";
const body = JSON.stringify({ id: "1", type: "task.done", data: { taskId: 7 } });
const now = 1_800_000_000;

describe("webhook signatures", () => {
  it("verifies its own signature and has the documented shape", () => {
    const header = signWebhook(secret, body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, 300, now)).toBe(true);
  });

  it("refuses a tampered body, another secret, a garbled header", () => {
    const header = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, header, body.replace("7", "8"), 300, now)).toBe(false);
    expect(verifyWebhookSignature("whsec_other", header, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace("t=", "x="), body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, "", body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, null, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, "t=1800000000,v1=zz", body, 300, now)).toBe(false);
  });

  it("refuses a timestamp outside the tolerance (a replay), either way", () => {
    const old = signWebhook(secret, body, now - 301);
    expect(verifyWebhookSignature(secret, old, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, old, body, 600, now)).toBe(true);
    expect(verifyWebhookSignature(secret, signWebhook(secret, body, now + 301), body, 300, now)).toBe(false);
  });

  it("the timestamp is signed: moving it breaks the signature", () => {
    const header = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, header.replace(`t=${now}`, `t=${now + 1}`), body, 300, now)).toBe(
      false,
    );
  });

  it("accepts any matching v1 among several (secret rotation)", () => {
    const good = signWebhook(secret, body, now).split(",v1=")[1];
    const header = `t=${now},v1=${"0".repeat(64)},v1=${good}`;
    expect(verifyWebhookSignature(secret, header, body, 300, now)).toBe(true);
  });
});
