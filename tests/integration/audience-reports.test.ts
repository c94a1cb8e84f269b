// Audience reports through the tRPC router on the real server's database (PGlite here, PostgreSQL in CI):
// product runs every report and the CSV export, each run lands in the privacy log (admin reads it, newest
// first, page by page); viewer, helpdesk and noc get FORBIDDEN from every report procedure; published
// figures only, suppressed cells as "fewer than k".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/generated/prisma/enums";
import { callerAs, errorCodeOf } from "../../server/api/test-callers";
import { db } from "../../server/db";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const DAY = "2026-11-02";
const ids = { region: 0, news: 0, sport: 0 };
const ops: Partial<Record<Role, { id: number; username: string; role: Role }>> = {};
const as = (role: Role) => callerAs(ops[role]!);
const filter = { from: DAY, to: DAY };

beforeAll(async () => {
  server = await startTestServer({ AUDIENCE_K: "5" });
  for (const role of ["admin", "product", "viewer", "helpdesk", "noc"] as const) {
    const o = await db().operator.create({ data: { username: `aud-${role}`, passwordHash: "x", role } });
    ops[role] = { id: o.id, username: o.username, role };
  }
  ids.region = (await db().region.create({ data: { name: "Reports-North" } })).id;
  ids.news = (await db().channel.create({ data: { name: "Reports News", number: 1 } })).id;
  ids.sport = (await db().channel.create({ data: { name: "Reports Sport", number: 2 } })).id;
  const hour = (h: number) => new Date(`${DAY}T${String(h).padStart(2, "0")}:00:00Z`);
  await db().audienceHourCell.createMany({
    data: [
      { hour: hour(20), channelId: ids.news, regionId: ids.region, suppressed: false, secs: 18_000n },
      { hour: hour(21), channelId: ids.news, regionId: ids.region, suppressed: false, secs: 7_200n },
      { hour: hour(20), channelId: ids.sport, regionId: ids.region, suppressed: true, secs: null },
    ],
  });
  await db().audienceDayCell.createMany({
    data: [
      {
        day: new Date(DAY),
        channelId: ids.news,
        regionId: ids.region,
        segment: "basic",
        suppressed: false,
        households: 8,
      },
      {
        day: new Date(DAY),
        channelId: ids.sport,
        regionId: ids.region,
        segment: "basic",
        suppressed: true,
        households: null,
      },
    ],
  });
  await db().audiencePanelDay.create({
    data: { day: new Date(DAY), regionId: ids.region, segment: "basic", suppressed: false, households: 9 },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("audience reports through the router", () => {
  it("product runs every report; figures are published cells, suppressed ones fewer than k", async () => {
    const api = as("product");
    const ranking = await api.audience.ranking({ filter });
    expect(ranking.rows.map((r) => [r.name, r.hours, r.reach])).toEqual([
      ["Reports News", { value: 7, suppressed: false }, { value: 8, suppressed: false }],
      ["Reports Sport", { value: null, suppressed: true }, { value: null, suppressed: true }],
    ]);
    expect(ranking.privacy).toMatchObject({ k: 5, suppressedCells: 2 });
    const heatmap = await api.audience.heatmap({ filter });
    expect(heatmap.cells.find((c) => c.weekday === 1 && c.hour === 20)!.audience.value).toBe(5);
    const trend = await api.audience.trend({ filter: { ...filter, channelIds: [ids.news] } });
    expect(trend.series[0]!.points[0]!.hours.value).toBe(7);
    const byRegion = await api.audience.breakdown({ filter, by: "region" });
    expect(byRegion.rows[0]).toMatchObject({ label: "Reports-North", panel: { value: 9 } });
    const slot = await api.audience.slot({ filter, channelId: ids.news, start: "20:00", end: "22:00" });
    expect(slot.audience.value).toBe(3.5);
    const options = await api.audience.options({});
    expect(options).toMatchObject({ k: 5, firstDay: DAY, lastDay: DAY });
  });

  it("the CSV export holds the report's aggregates only", async () => {
    const { filename, csv } = await as("product").audience.exportCsv({ report: "ranking", filter });
    expect(filename).toBe(`audience-ranking-${DAY}-${DAY}.csv`);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('"1","1","Reports News","7","1","8","0.8889","52.5"');
    expect(lines[2]).toContain('"fewer than 5"');
  });

  it("viewer, helpdesk and noc cannot run any report, export or read the log", async () => {
    for (const role of ["viewer", "helpdesk", "noc"] as const) {
      const api = as(role);
      const calls: Promise<unknown>[] = [
        api.audience.options({}),
        api.audience.ranking({ filter }),
        api.audience.heatmap({ filter }),
        api.audience.trend({ filter }),
        api.audience.breakdown({ filter, by: "segment" }),
        api.audience.slot({ filter, channelId: ids.news, start: "20:00", end: "21:00" }),
        api.audience.exportCsv({ report: "heatmap", filter }),
        api.audience.accessLog({}),
      ];
      for (const call of calls) expect(await errorCodeOf(call)).toBe("FORBIDDEN");
    }
  });

  it("every run is in the privacy log: admin reads it newest first, page by page", async () => {
    // product has audience.read but not audit.read
    expect(await errorCodeOf(as("product").audience.accessLog({}))).toBe("FORBIDDEN");
    const admin = as("admin");
    const first = await admin.audience.accessLog({ limit: 2 });
    expect(first.rows.map((r) => [r.report, r.operator])).toEqual([
      ["export:ranking", "aud-product"],
      ["slot", "aud-product"],
    ]);
    expect(first.rows[0]!.filters).toEqual(filter);
    expect(first.rows[1]!.filters).toMatchObject({ channelId: ids.news, start: "20:00", end: "22:00" });
    expect(first.rows[0]).toMatchObject({ cells: 2, suppressed: 2 });
    const seen = [...first.rows];
    let cursor = first.nextCursor;
    for (let page = 0; cursor && page < 10; page++) {
      const next = await admin.audience.accessLog({ limit: 2, cursor });
      seen.push(...next.rows);
      cursor = next.nextCursor;
    }
    expect(seen.map((r) => r.report)).toEqual([
      "export:ranking",
      "slot",
      "breakdown",
      "trend",
      "heatmap",
      "ranking",
    ]);
    // forbidden attempts are not runs: nothing logged for viewer, helpdesk or noc
    expect(seen.every((r) => r.operator === "aud-product")).toBe(true);
    const stored = await db().audienceAccessLog.count();
    expect(stored).toBe(6);
  });
});
