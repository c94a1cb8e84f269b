// TR-111 Part 1 against the real simulator: a gateway's ManageableDevice table becomes ManageableDevice
// rows after its bootstrap read, the household shows both ways, and with the association template's
// active notification a box leaving (or joining) the table is followed after the gateway's 4 VALUE CHANGE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileSaveSchema } from "../../lib/profiles/input";
import { db } from "../../server/db";
import { getDeviceDetail } from "../../server/devices/detail";
import { saveProfile } from "../../server/profiles/profiles";
import { findTemplate } from "../../server/profiles/templates";
import { startFleet, type Fleet } from "../../sim";
import { addManageableDevice, MANAGEABLE as TABLE, removeManageableDevice } from "../../sim/build-dng";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet;
const admin = { id: 1, username: "admin", role: "admin" as const };

const COUNT = "InternetGatewayDevice.ManagementServer.ManageableDeviceNumberOfEntries";

beforeAll(async () => {
  server = await startTestServer();
  fleet = await startFleet({
    acsUrl: server.cwmpUrl,
    devices: 4,
    seed: 1411,
    stbRatio: 0.75,
    crHost: "127.0.0.1",
    crPort: 0,
    retryScale: 0.01,
    evolveEveryMs: 0,
    startSpreadMs: 200,
  });
  await waitFor(
    async () => (await db().device.count({ where: { fullReadAt: { not: null } } })) === 4,
    60_000,
  );
  await fleet.idle(20_000);
}, 90_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

const gatewayRow = () => db().device.findFirstOrThrow({ where: { kind: "GATEWAY" } });
const rowsOf = (gatewayId: number) =>
  db().manageableDevice.findMany({ where: { gatewayId }, orderBy: { serialNumber: "asc" } });

describe("household association (TR-111 Part 1)", () => {
  it("syncs the gateway's table after its bootstrap read and shows the household both ways", async () => {
    const gw = await gatewayRow();
    const sim = fleet.device(gw.serialNumber)!;
    const stbs = await db().device.findMany({ where: { kind: "STB" }, orderBy: { serialNumber: "asc" } });
    expect(stbs).toHaveLength(3);
    const rows = await waitFor(async () => {
      const r = await rowsOf(gw.id);
      return r.length === 3 ? r : null;
    });
    expect(rows.map((r) => r.serialNumber)).toEqual(stbs.map((s) => s.serialNumber));
    for (const r of rows) {
      const stb = stbs.find((s) => s.serialNumber === r.serialNumber)!;
      expect(r.oui).toBe(stb.oui);
      expect(r.productClass).toBe(stb.productClass);
      expect(r.host).toMatch(/^InternetGatewayDevice\.LANDevice\.1\.Hosts\.Host\.\d+$/);
      expect(sim.get(`${r.host}.IPAddress`)).toBeTruthy();
    }
    const detail = await getDeviceDetail(gw.id);
    expect(detail.stbs.map((s) => s.id)).toEqual(stbs.map((s) => s.id));
    const box = await getDeviceDetail(stbs[0]!.id);
    expect(box.gateway?.id).toBe(gw.id);
    // A box that does not report its gateway (no GatewayInfo) is found from the gateway's table.
    await db().device.update({
      where: { id: stbs[1]!.id },
      data: { gatewayOui: null, gatewaySerialNumber: null, gatewayProductClass: null },
    });
    expect((await getDeviceDetail(stbs[1]!.id)).gateway?.id).toBe(gw.id);
    expect((await getDeviceDetail(gw.id)).stbs.map((s) => s.id)).toEqual(stbs.map((s) => s.id));
  });

  it("follows a box leaving and a box joining after the gateway's value-change notification", async () => {
    const gw = await gatewayRow();
    const sim = fleet.device(gw.serialNumber)!;
    const template = findTemplate("tr111-association-gateways")!;
    const saved = await saveProfile(
      admin,
      null,
      profileSaveSchema.parse({ name: "Association", enabled: true, definition: template.definition }),
    );
    expect(saved.ok).toBe(true);
    fleet.trigger(gw.serialNumber, [{ eventCode: "2 PERIODIC", commandKey: "" }]);
    await waitFor(() => Promise.resolve(sim.tree.params.get(COUNT)?.notification === 2), 20_000);
    await fleet.idle(10_000);

    // The second box leaves the home network: the gateway drops its row and notifies the count.
    const gone = sim.get(`${TABLE}2.SerialNumber`)!;
    expect(removeManageableDevice(sim.tree, gone)).toBe(true);
    const after = await waitFor(async () => {
      const r = await rowsOf(gw.id);
      return r.length === 2 ? r : null;
    }, 20_000);
    expect(after.map((r) => r.serialNumber)).not.toContain(gone);
    const reads = await db().task.findMany({ where: { deviceId: gw.id, createdBy: "household" } });
    expect(reads.map((t) => [t.name, t.state])).toEqual([["GetParameterValues", "done"]]);
    // The tree no longer shows the instance the gateway deleted.
    const doc = (await db().device.findUniqueOrThrow({ where: { id: gw.id } })).parameters as object;
    expect(Object.keys(doc).filter((k) => k.startsWith(`${TABLE}2.`))).toEqual([]);
    await fleet.idle(10_000);

    // An unmanaged box joins, and a row of garbage: the first is listed as not managed, the second
    // skipped, and the gateway's session is not failed for it.
    const failedBefore = fleet.counters.sessionsFailed;
    addManageableDevice(sim.tree, {
      oui: "00D0A1",
      serialNumber: "NOT-MANAGED-1",
      productClass: "Tablet",
      host: "",
    });
    addManageableDevice(sim.tree, {
      oui: "not-an-oui",
      serialNumber: "X".repeat(64),
      productClass: "",
      host: "",
    });
    const rows = await waitFor(async () => {
      const r = await rowsOf(gw.id);
      return r.length === 3 ? r : null;
    }, 20_000);
    expect(rows.map((r) => r.serialNumber)).toContain("NOT-MANAGED-1");
    expect(fleet.counters.sessionsFailed).toBe(failedBefore);
    const detail = await getDeviceDetail(gw.id);
    expect(detail.stbs.find((s) => s.serialNumber === "NOT-MANAGED-1")).toMatchObject({
      id: null,
      online: null,
    });
  }, 60_000);
});
