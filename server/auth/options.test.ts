import { describe, expect, it } from "vitest";
import { authOptions, SESSION_MAX_AGE_SECONDS } from "./options";

describe("session settings", () => {
  it("expires sessions after one 8-hour shift, as signed JWTs", () => {
    expect(SESSION_MAX_AGE_SECONDS).toBe(8 * 60 * 60);
    expect(authOptions.session).toMatchObject({ strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS });
    // next-auth's JWT lifetime follows the session's unless set apart.
    expect(authOptions.jwt?.maxAge ?? SESSION_MAX_AGE_SECONDS).toBe(SESSION_MAX_AGE_SECONDS);
  });

  it("keeps only the operator's id, username, role and session version in the token", async () => {
    const jwt = authOptions.callbacks?.jwt;
    if (!jwt) throw new Error("no jwt callback");
    const token = await jwt({
      token: { name: "Alice" },
      user: { id: "7", name: "Alice", username: "alice", role: "helpdesk", sessionVersion: 3 },
      account: null,
      trigger: "signIn",
    });
    expect(token).toEqual({
      name: "Alice",
      operatorId: 7,
      username: "alice",
      role: "helpdesk",
      sessionVersion: 3,
    });
  });
});
