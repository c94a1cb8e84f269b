// A TR-181 set-top box is known as one (kind STB) only after the bootstrap's full read: its Inform
// carries no DeviceSummary. A first-contact profile for STBs must still apply in that bootstrap
// session — not wait for a periodic Inform (the fleet here informs hourly, so none comes in the test).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileSaveSchema } from "../../lib/profiles/input";
import { db } from "../../server/db";
import { saveProfile } from "../../server/profiles/profiles";
import { startFleet, type Fleet } from "../../sim";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet | undefined;
const admin = { id: 1, username: "admin", role: "admin" as const };
const PATH = "Device.ManagementServer.PeriodicInformInterval";

beforeAll(async () => {
  server = await startTestServer({ CWMP_AUTH: "none" });
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

describe("first-contact profiles for boxes recognised by their full read", () => {
  it("applies in the bootstrap session once the read shows the device is a set-top box", async () => {
    const saved = await saveProfile(
      admin,
      null,
      profileSaveSchema.parse({
        name: "Boxes at first contact",
        enabled: true,
        definition: {
          precondition: { kinds: ["STB"] },
          triggers: ["first_contact"],
          parameters: [{ path: PATH, value: "3599" }],
        },
      }),
    );
    if (!saved.ok) throw new Error(JSON.stringify(saved.refused));
    fleet = await startFleet({
      acsUrl: server.cwmpUrl,
      devices: 6,
      seed: 4711,
      stbRatio: 1,
      periodic: 3600,
      crHost: "127.0.0.1",
      crPort: 0,
      retryScale: 0.01,
      startSpreadMs: 100,
    });
    const boxes = await waitFor(async () => {
      const rows = await db().device.findMany({
        where: { kind: "STB", rootObject: "Device", fullReadAt: { not: null } },
      });
      return rows.length > 0 ? rows : null;
    }, 60_000);
    await fleet.idle(30_000);
    for (const box of boxes) {
      // Only the Inform of its first contact happened: nothing periodic came in.
      const informs = await db().informEvent.findMany({ where: { deviceId: box.id } });
      expect(informs.flatMap((i) => i.events)).not.toContain("2 PERIODIC");
      const state = await waitFor(
        () =>
          db().deviceProfile.findUnique({
            where: { deviceId_profileId: { deviceId: box.id, profileId: saved.id } },
          }),
        20_000,
      );
      expect(state.status).toBe("converged");
      expect(fleet.device(box.serialNumber)?.get(PATH)).toBe("3599");
    }
  }, 120_000);
});
