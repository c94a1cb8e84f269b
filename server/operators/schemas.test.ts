import { describe, expect, it } from "vitest";
import { INT4_MAX } from "../../lib/ids";
import { changeRoleInput, usernameSchema } from "../../lib/operators/schemas";

describe("operator inputs", () => {
  it("reserves the username that names Vantage's own work", () => {
    expect(usernameSchema.safeParse("system").success).toBe(false);
    expect(usernameSchema.safeParse("systems").success).toBe(true);
  });

  it("bounds the operator id to its int4 column", () => {
    expect(changeRoleInput.safeParse({ id: INT4_MAX, role: "noc" }).success).toBe(true);
    expect(changeRoleInput.safeParse({ id: INT4_MAX + 1, role: "noc" }).success).toBe(false);
    expect(changeRoleInput.safeParse({ id: 0, role: "noc" }).success).toBe(false);
  });
});
