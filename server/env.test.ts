import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "./env";

describe("settings", () => {
  it("fills defaults", () => {
    const s = parseSettings({});
    expect(s).toMatchObject({
      PORT: 3000,
      CWMP_PORT: 7547,
      DATA_DIR: "./data",
      CWMP_AUTH: "digest",
      LOG_LEVEL: "info",
    });
    expect(s.DATABASE_URL).toBeUndefined();
  });

  it("treats empty variables as unset", () => {
    expect(parseSettings({ DATABASE_URL: "", CWMP_TLS_PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ CWMP_PORT: "abc" }, /^invalid setting CWMP_PORT: .*"abc"/],
    [{ PORT: "70000" }, /^invalid setting PORT/],
    [{ CWMP_AUTH: "kerberos" }, /^invalid setting CWMP_AUTH/],
    [{ DATABASE_URL: "mysql://x" }, /^invalid setting DATABASE_URL/],
    [{ CWMP_TLS_PORT: "7548" }, /^invalid setting CWMP_TLS_CERT: CWMP_TLS_PORT needs/],
    [{ CWMP_USERNAME: "u" }, /^invalid setting CWMP_PASSWORD/],
    [{ ADMIN_PASSWORD: "short" }, /^invalid setting ADMIN_PASSWORD: must be at least 8/],
    [
      { CWMP_AUTH: "basic" },
      /^invalid setting CWMP_AUTH: basic sends CPE passwords in clear: set CWMP_TLS_PORT/,
    ],
    [{ CWMP_TLS_CA: "/ca.pem" }, /^invalid setting CWMP_TLS_CA: client certificates need the TLS listener/],
    [{ DATABASE_POOLER: "pgpool" }, /^invalid setting DATABASE_POOLER/],
    [
      { READ_DATABASE_URL: "postgres://127.0.0.1:5433/db" },
      /^invalid setting READ_DATABASE_URL: needs DATABASE_URL/,
    ],
    [
      { DATABASE_URL: "postgres://127.0.0.1/db", DIRECT_DATABASE_URL: "mysql://127.0.0.1/db" },
      /^invalid setting DIRECT_DATABASE_URL/,
    ],
  ])("refuses %o with a one-line message naming the setting", (env, message) => {
    expect(() => parseSettings(env)).toThrow(SettingsError);
    try {
      parseSettings(env);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("accepts Basic with the TLS listener, or on the plain one only when explicitly allowed", () => {
    const tls = { CWMP_TLS_PORT: "7548", CWMP_TLS_CERT: "/c.pem", CWMP_TLS_KEY: "/k.pem" };
    expect(parseSettings({ CWMP_AUTH: "basic", ...tls }).CWMP_ALLOW_BASIC_WITHOUT_TLS).toBe(false);
    expect(
      parseSettings({ CWMP_AUTH: "basic", CWMP_ALLOW_BASIC_WITHOUT_TLS: "true" })
        .CWMP_ALLOW_BASIC_WITHOUT_TLS,
    ).toBe(true);
  });
});
