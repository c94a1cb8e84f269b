import { describe, expect, it } from "vitest";
import type { Role } from "../generated/prisma/enums";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from "../../lib/permissions";

const READ: Permission[] = ["devices.read", "tasks.read", "faults.read", "firmware.read"];

// The table written out by hand: a change to a role's rights must change this test on purpose.
const EXPECTED: Record<Role, Permission[]> = {
  admin: [...PERMISSIONS],
  noc: [
    ...READ,
    "monitoring.read",
    "alarms.write",
    "audit.read",
    "devices.bulk",
    "devices.identity",
    "profiles.read",
  ],
  helpdesk: [
    ...READ,
    "devices.write",
    "devices.reboot",
    "devices.factory_reset",
    "tasks.write",
    "monitoring.read",
    "audience.optout",
    "profiles.read",
  ],
  product: [
    ...READ,
    "firmware.rollout",
    "audience.read",
    "audience.optout",
    "profiles.read",
    "profiles.write",
  ],
  viewer: READ,
};

describe("role -> permission table", () => {
  for (const [role, expected] of Object.entries(EXPECTED) as [Role, Permission[]][]) {
    it(`${role} gets exactly its permissions`, () => {
      expect([...ROLE_PERMISSIONS[role]].sort()).toEqual([...expected].sort());
      for (const permission of PERMISSIONS) {
        expect(hasPermission(role, permission)).toBe(expected.includes(permission));
      }
    });
  }

  it("only admin may manage operators; viewers can change nothing", () => {
    const managers = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) =>
      hasPermission(r, "operators.manage"),
    );
    expect(managers).toEqual(["admin"]);
    expect(ROLE_PERMISSIONS.viewer.every((p) => p.endsWith(".read"))).toBe(true);
  });

  it("lists no permission twice", () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });
});
