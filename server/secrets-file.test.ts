import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overrideSettings } from "./env";
import {
  isSealed,
  loadOrCreateKeyFile,
  openSecret,
  resealSecret,
  SecretOpenError,
  SecretsFileError,
  sealSecret,
  secretsKey,
} from "./secrets-file";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "vantage-secrets-test-"));
  overrideSettings({ LOG_LEVEL: "silent", SECRETS_FILE: path.join(dir, "nested", "secrets.json") });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("secrets file", () => {
  it("is created on first use with mode 0600 and a 32-byte key, then read back unchanged", () => {
    const file = path.join(dir, "nested", "secrets.json");
    const key = secretsKey();
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8")) as { version: number; key: string };
    expect(stored.version).toBe(1);
    expect(Buffer.from(stored.key, "base64url").equals(key)).toBe(true);
    expect(loadOrCreateKeyFile(file).equals(key)).toBe(true);
  });

  it("refuses a malformed file with a message naming it", () => {
    const file = path.join(dir, "bad.json");
    writeFileSync(file, '{"version":1,"key":"short"}', { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(file)).toThrow(SecretsFileError);
    expect(() => loadOrCreateKeyFile(file)).toThrow(/bad\.json is malformed/);
    writeFileSync(file, "not json");
    expect(() => loadOrCreateKeyFile(file)).toThrow(/bad\.json is not JSON/);
  });

  it("refuses an in-memory store without SECRETS_FILE rather than writing a key into the working directory", () => {
    overrideSettings({ LOG_LEVEL: "silent", SECRETS_FILE: "", DATA_DIR: "memory:" });
    try {
      expect(() => secretsKey()).toThrow(/set SECRETS_FILE/);
    } finally {
      overrideSettings({ LOG_LEVEL: "silent", SECRETS_FILE: path.join(dir, "nested", "secrets.json") });
    }
  });

  it("ends with one key when several processes create it at once", async () => {
    const file = path.join(dir, "race", "secrets.json");
    const script = `import { loadOrCreateKeyFile } from ${JSON.stringify(path.resolve("server/secrets-file.ts"))};
      process.stdout.write(loadOrCreateKeyFile(${JSON.stringify(file)}).toString("hex"));`;
    const run = promisify(execFile);
    const tsx = path.resolve("node_modules/.bin/tsx");
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(tsx, ["--eval", script], { env: { ...process.env, LOG_LEVEL: "silent" } }),
      ),
    );
    const keys = new Set(outputs.map((o) => o.stdout));
    expect(keys.size).toBe(1);
    const stored = JSON.parse(readFileSync(file, "utf8")) as { key: string };
    expect(Buffer.from(stored.key, "base64url").toString("hex")).toBe([...keys][0]);
  }, 60_000);
});

describe("sealSecret / openSecret", () => {
  it("round-trips, with a fresh IV each time, and never contains the plain value", () => {
    const plain = "Wi-Fi pass ünïcode 🔑";
    const a = sealSecret(plain);
    const b = sealSecret(plain);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("Wi-Fi");
    expect(openSecret(a)).toBe(plain);
    expect(openSecret(sealSecret(""))).toBe("");
  });

  it("throws on a tampered value", () => {
    const sealed = sealSecret("secret-value");
    const [prefix, iv, body] = sealed.split(":") as [string, string, string];
    const flipped = body[0] === "A" ? "B" + body.slice(1) : "A" + body.slice(1);
    expect(() => openSecret(`${prefix}:${iv}:${flipped}`)).toThrow(SecretOpenError);
    const otherIv = iv[0] === "A" ? "B" + iv.slice(1) : "A" + iv.slice(1);
    expect(() => openSecret(`${prefix}:${otherIv}:${body}`)).toThrow(/cannot be decrypted/);
  });

  it("throws under another key", () => {
    const sealed = sealSecret("secret-value");
    const otherKey = loadOrCreateKeyFile(path.join(dir, "other.json"));
    expect(() => openSecret(sealed, otherKey)).toThrow(SecretOpenError);
  });

  it("returns legacy plaintext as is", () => {
    expect(openSecret("plain-old-password")).toBe("plain-old-password");
    expect(isSealed("plain-old-password")).toBe(false);
  });

  it("reseal keeps a value sealed by this key and seals a plain one that only looks sealed", () => {
    const sealed = sealSecret("x");
    expect(resealSecret(sealed)).toBe(sealed);
    const lookalike = "v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA";
    const resealed = resealSecret(lookalike);
    expect(resealed).not.toBe(lookalike);
    expect(openSecret(resealed)).toBe(lookalike);
  });
});
