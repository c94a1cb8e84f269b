import { beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { db } from "../../db";
import { importLineup } from "../channels/import";
import { channelChain, findChannel, listChannels } from "../channels/queries";
import { importTopology } from "./import";
import { devicePlacement, listAccessNodes, listRegions, topologySummary } from "./queries";
import { applyRules, applyTopologyRules, createTopologyRule } from "./rules";
import type { InformRecordedEvent } from "../../events/session-events";

const store = useMemoryStoreWithDevice({ serialNumber: "GW-TOPO-1", productClass: "DNG" });
const actor = { id: 0, username: "noc" };
beforeAll(async () => {
  actor.id = (await db().operator.create({ data: { username: "noc", role: "noc", passwordHash: "x" } })).id;
});

describe("importTopology", () => {
  it("upserts regions, nodes and households, skips bad rows and audits", async () => {
    await db().device.update({ where: { id: store.deviceId() }, data: { subscriberId: "SUB1" } });
    const csv = [
      "household,access_node,access_port,region,access_kind",
      "SUB1,DSLAM-N-01,1/1/1,North,DSLAM",
      "SUB2,DSLAM-N-01,1/1/2,,DSLAM",
      "SUB3,DSLAM-S-01,1/1/1,South,DSLAM",
      "SUB4,,,,",
    ].join("\n");
    const result = await importTopology(csv, actor);
    expect(result).toMatchObject({ imported: 3, skipped: 1, problems: [{ line: 5 }] });
    const regions = await listRegions();
    expect(regions.map((r) => [r.name, r.accessNodes, r.households])).toEqual([
      ["North", 1, 2],
      ["South", 1, 1],
    ]);
    const nodes = await listAccessNodes();
    expect(nodes[0]).toMatchObject({ name: "DSLAM-N-01", region: "North", households: 2 });
    expect(await devicePlacement(store.deviceId())).toMatchObject({
      household: "SUB1",
      accessNode: { name: "DSLAM-N-01" },
      region: { name: "North" },
      accessPort: "1/1/1",
    });
    // Re-import moves a household, nothing duplicated.
    await importTopology(
      "household,access_node,access_port,region,access_kind\nSUB1,DSLAM-S-01,2/1/1,South,",
      actor,
    );
    expect(await devicePlacement(store.deviceId())).toMatchObject({ accessNode: { name: "DSLAM-S-01" } });
    expect((await topologySummary()).households).toBe(3);
    const audit = await db().auditLog.findMany({ where: { action: "monitoring.topology.import" } });
    expect(audit).toHaveLength(2);
  });
});

describe("importTopology segment", () => {
  const segmentOf = async (household: string) =>
    (await db().topologyEntry.findUnique({ where: { household }, select: { segment: true } }))?.segment;

  it("stores the segment column, keeps it when a later file has no such column, clears it on an empty cell", async () => {
    const header = "household,access_node,access_port,region,access_kind";
    const first = await importTopology(
      [
        `${header},segment`,
        "SEG1,DSLAM-E-01,1/1/1,East,,premium",
        "SEG2,DSLAM-E-01,1/1/2,East,,family",
        "SEG3,DSLAM-E-01,1/1/3,East,,gold!",
      ].join("\n"),
      actor,
    );
    expect(first).toMatchObject({ imported: 2, skipped: 1, problems: [{ line: 4 }] });
    expect(await segmentOf("SEG1")).toBe("premium");
    expect(await segmentOf("SEG2")).toBe("family");
    expect(await segmentOf("SEG3")).toBeUndefined();
    // A network-only file (no segment column) moves the household but keeps its segment; a new one gets "".
    await importTopology(
      [header, "SEG1,DSLAM-E-02,1/1/1,East,", "SEG4,DSLAM-E-02,1/1/2,East,"].join("\n"),
      actor,
    );
    expect(await segmentOf("SEG1")).toBe("premium");
    expect(await segmentOf("SEG4")).toBe("");
    const moved = await db().topologyEntry.findUnique({
      where: { household: "SEG1" },
      include: { accessNode: true },
    });
    expect(moved?.accessNode?.name).toBe("DSLAM-E-02");
    // With the column, the cell is the truth: an empty one clears, a new value replaces.
    await importTopology(
      [`${header},segment`, "SEG1,DSLAM-E-02,1/1/1,East,,", "SEG2,DSLAM-E-01,1/1/2,East,,basic"].join("\n"),
      actor,
    );
    expect(await segmentOf("SEG1")).toBe("");
    expect(await segmentOf("SEG2")).toBe("basic");
  });
});

describe("importLineup", () => {
  it("upserts channels with their chain and replaces insertion points", async () => {
    const csv = [
      "number,name,multicast_group,uri,headend,insertion_points",
      "1,TF1 HD,239.100.0.1,igmp://239.100.0.1:5000,SHE-Paris,North=RH-North;South=RH-South;West=RH-West",
      "2,M6 HD,239.100.0.2,,SHE-Lyon,",
      "3,Bad,1.2.3.4,,SHE-Paris,",
    ].join("\n");
    expect(await importLineup(csv, actor)).toMatchObject({ imported: 2, skipped: 1 });
    const channels = await listChannels();
    expect(channels.map((c) => c.name)).toEqual(["TF1 HD", "M6 HD"]);
    const tf1 = channels[0]!;
    expect(tf1.insertions.map((i) => i.point)).toEqual(["RH-North", "RH-South", "RH-West"]);
    const chain = await channelChain(tf1.id);
    expect(chain.headend).toBe("SHE-Paris");
    expect(chain.regions.find((r) => r.region === "West")?.insertionPoint).toBe("RH-West");
    await importLineup(
      "number,name,multicast_group,uri,headend,insertion_points\n1,TF1 HD,239.100.0.1,,SHE-Paris,North=RH-N2",
      actor,
    );
    expect((await listChannels())[0]!.insertions).toEqual([expect.objectContaining({ point: "RH-N2" })]);
    expect(await findChannel({ multicastGroup: "239.100.0.2" })).toBe(channels[1]!.id);
    expect(await findChannel({ name: "nothing" })).toBeNull();
  });
});

describe("topology rules", () => {
  it("names the node and region from a parameter and never overrides an imported entry", async () => {
    const gw = await db().device.create({
      data: {
        oui: "A1B2C3",
        productClass: "DNG",
        serialNumber: "GW-RULE-1",
        manufacturer: "Test",
        parameters: { "Device.X_Line.Node": { v: "DSLAM-E-07" }, "Device.X_Line.Region": { v: "East" } },
      },
    });
    await createTopologyRule(actor, { oui: "A1B2C3", field: "access_node", path: "Device.X_Line.Node" });
    await createTopologyRule(actor, { oui: "A1B2C3", field: "region", path: "Device.X_Line.Region" });
    const list = [
      { oui: "A1B2C3", productClass: "", field: "access_node" as const, path: "Device.X_Line.Node" },
      { oui: "A1B2C3", productClass: "", field: "region" as const, path: "Device.X_Line.Region" },
    ];
    expect(await applyRules(gw.id, list)).toBe(true);
    expect(await devicePlacement(gw.id)).toMatchObject({
      accessNode: { name: "DSLAM-E-07" },
      region: { name: "East" },
      source: "parameter",
    });
    expect(await applyRules(gw.id, list)).toBe(false);
    // The Inform's value wins over the stored tree.
    await applyRules(gw.id, list, new Map([["Device.X_Line.Node", "DSLAM-E-08"]]));
    expect((await devicePlacement(gw.id))?.accessNode?.name).toBe("DSLAM-E-08");
    // SUB1 was imported: a rule does not move it.
    await db().device.update({ where: { id: gw.id }, data: { subscriberId: "SUB1" } });
    expect(await applyRules(gw.id, list)).toBe(false);
    expect((await devicePlacement(gw.id))?.source).toBe("import");
  });

  it("applies on an Inform carrying the rule's path, and does nothing for other devices", async () => {
    const gw = await db().device.create({
      data: { oui: "A1B2C3", productClass: "DNG", serialNumber: "GW-RULE-2", manufacturer: "Test" },
    });
    const event = (oui: string, value: string, codes: string[] = ["2 PERIODIC"]) =>
      ({
        device: { id: gw.id, oui, productClass: "DNG" },
        inform: { parameterList: [{ name: "Device.X_Line.Node", value, type: "xsd:string" }] },
        codes: new Set(codes),
        firstContact: false,
      }) as unknown as InformRecordedEvent;
    await applyTopologyRules(event("FFFFFF", "DSLAM-X-01"));
    expect((await devicePlacement(gw.id))?.accessNode).toBeNull();
    await applyTopologyRules(event("A1B2C3", "DSLAM-W-09"));
    expect((await devicePlacement(gw.id))?.accessNode?.name).toBe("DSLAM-W-09");
  });
});
