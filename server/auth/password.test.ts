import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "./password";

// Small N keeps the suite fast; the format and comparison are what is under test.
const FAST = { N: 1024, r: 8, p: 1 };

describe("password hashing", () => {
  it("produces scrypt$N$r$p$salt$hash and verifies the right password only", async () => {
    const hash = await hashPassword("correct horse battery", FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same", FAST), hashPassword("same", FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same", a)).toBe(true);
    expect(await verifyPassword("same", b)).toBe(true);
  });

  it("uses the default cost when none is given", async () => {
    const hash = await hashPassword("pw");
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("pw", hash)).toBe(true);
  });

  it("rejects malformed or foreign hashes instead of throwing", async () => {
    for (const stored of [
      "",
      "plain",
      "bcrypt$2b$10$abc",
      "scrypt$x$8$1$c2FsdA$aGFzaA",
      "scrypt$1024$8$1$$",
      "scrypt$1024$8$1$c2FsdA",
    ]) {
      expect(await verifyPassword("pw", stored)).toBe(false);
    }
  });

  it("generates long random passwords", () => {
    const a = generatePassword();
    expect(a).toHaveLength(24);
    expect(a).not.toBe(generatePassword());
  });
});
