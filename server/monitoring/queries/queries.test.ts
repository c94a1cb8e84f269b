import { beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { emptyStreamCounters, type StreamInterval } from "../../../lib/monitoring/intervals";
import {
  breakdownOutput,
  deviceStreamQualityOutput,
  fleetSeriesOutput,
  scopeDevicesOutput,
  topOffendersOutput,
} from "../../../lib/monitoring/query-api";
import { db } from "../../db";
import { writeLineIntervals, writeStreamIntervals } from "../store/ingest";
import { rollupDirtyBuckets } from "../store/rollup";
import { breakdown, deviceStreamQuality, fleetSeries, kpiForScope, scopeDevices, topOffenders } from ".";

const store = useMemoryStoreWithDevice({ serialNumber: "GW-Q1", productClass: "HGW" });
const HOUR = 3_600_000;
const ids = { stb1: 0, stb2: 0, news: 0, sport: 0, node: 0, region: 0 };

const row = (deviceId: number, ts: Date, over: Partial<StreamInterval> = {}): StreamInterval => ({
  ...emptyStreamCounters(),
  deviceId,
  ts,
  secs: 300,
  stream: 1,
  source: "bulkdata",
  channelId: null,
  videoFrames: 7500,
  rtpExpected: 100_000,
  ...over,
});

beforeAll(async () => {
  const region = await db().region.create({ data: { name: "North" } });
  const node = await db().accessNode.create({ data: { name: "DSLAM-N-01", regionId: region.id } });
  await db().topologyEntry.create({ data: { household: "GW-Q1", accessNodeId: node.id } });
  const stb = (serialNumber: string, modelName: string) =>
    db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB",
        serialNumber,
        manufacturer: "T",
        kind: "STB",
        modelName,
        softwareVersion: "2.1.0",
        gatewaySerialNumber: "GW-Q1",
      },
    });
  const [s1, s2] = [await stb("STB-Q1", "STB-4K"), await stb("STB-Q2", "STB-HD")];
  const news = await db().channel.create({ data: { name: "News 24", number: 1 } });
  const sport = await db().channel.create({ data: { name: "Sport 1", number: 2 } });
  Object.assign(ids, {
    stb1: s1.id,
    stb2: s2.id,
    news: news.id,
    sport: sport.id,
    node: node.id,
    region: region.id,
  });

  // Three hours back (rolled up) and the last few minutes (raw): stb1 on News with IP loss, then Sport;
  // stb2 on Sport with TS errors; the gateway's line with errored seconds.
  const prev = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
  const recent = Math.floor(Date.now() / 300_000) * 300_000 - 600_000;
  const rows: StreamInterval[] = [];
  for (const base of [prev, recent]) {
    rows.push(row(s1.id, new Date(base), { channelId: news.id, rtpLost: 40, lossEvents: 4 }));
    rows.push(row(s1.id, new Date(base + 300_000), { channelId: sport.id, zapMs: [1200], zaps: 1 }));
    rows.push(row(s2.id, new Date(base), { channelId: sport.id, tsCcErrors: 30 }));
  }
  await writeStreamIntervals(rows);
  await writeLineIntervals(
    [prev, recent].map((base) => ({
      deviceId: store.deviceId(),
      ts: new Date(base),
      secs: 300,
      line: 1,
      source: "totals" as const,
      showtimeSecs: 300,
      erroredSecs: 6,
      severelyErroredSecs: 1,
      crcErrors: 12,
      fecErrors: 0,
      resyncs: 0,
      bytesRx: 0,
      bytesTx: 0,
      dsRate: 30_000,
      usRate: 5_000,
      dsMargin: 55,
      usMargin: 60,
      dsAttenuation: 200,
    })),
  );
  await rollupDirtyBuckets({ settleMs: 0 });
}, 60_000);

describe("dashboard queries", () => {
  it("fleetSeries reads raw bins for 1h and rollups beyond", async () => {
    const raw = fleetSeriesOutput.parse(await fleetSeries({ range: "1h" }));
    expect(raw.level).toBe("raw");
    expect(raw.points.reduce((a, p) => a + p.secs, 0)).toBe(900);
    const day = fleetSeriesOutput.parse(await fleetSeries({ range: "24h" }));
    expect(day.level).toBe("15m");
    const total = day.points.reduce((a, p) => a + p.secs, 0);
    expect(total).toBeGreaterThanOrEqual(900);
    const first = day.points.find((p) => p.secs === 900)!;
    expect(first.devices).toBe(2);
    expect(first.impairedPct.ip).toBeCloseTo((100 * 300) / 900);
    expect(first.impairedPct.ts).toBeCloseTo((100 * 300) / 900);
    expect(first.qoeBands.reduce((a, b) => a + b, 0)).toBe(900);
    const scoped = await fleetSeries({ range: "24h", scope: { dim: "channel", key: String(ids.news) } });
    expect(scoped.points.every((p) => p.impairedPct.ip === 100)).toBe(true);
    const device = await fleetSeries({ range: "6h", scope: { dim: "device", key: String(ids.stb2) } });
    expect(device.level).toBe("1h");
    expect(device.points.length).toBeGreaterThan(0);
  });

  it("breakdown gives every KPI per channel and DSL KPIs per access node, worst first", async () => {
    const channels = breakdownOutput.parse(await breakdown({ range: "24h", dim: "channel", limit: 10 }));
    expect(channels.rows.map((r) => r.label)).toEqual(["News 24", "Sport 1"]);
    expect(channels.rows[0]!.kpis.impaired_ip_pct).toBe(100);
    expect(channels.rows[1]!.kpis.cc_errors_per_hour).toBeGreaterThan(0);
    const byCc = await breakdown({ range: "24h", dim: "channel", sort: "cc_errors_per_hour", limit: 1 });
    expect(byCc.rows.map((r) => r.label)).toEqual(["Sport 1"]);
    const nodes = await breakdown({ range: "7d", dim: "access_node", limit: 10 });
    expect(nodes.level).toBe("1h");
    const node = nodes.rows.find((r) => r.key === String(ids.node))!;
    expect(node.label).toBe("DSLAM-N-01");
    expect(node.kpis.dsl_es_per_hour).toBeCloseTo(72);
    expect(node.kpis.dsl_ds_margin).toBeCloseTo(5.5);
    const raw = await breakdown({ range: "1h", dim: "software", limit: 10 });
    expect(raw.rows.map((r) => r.key).sort()).toEqual(["STB-4K / 2.1.0", "STB-HD / 2.1.0"]);
  });

  it("topOffenders ranks devices and channels by impaired viewing time", async () => {
    const devices = topOffendersOutput.parse(await topOffenders({ range: "24h", dim: "device", limit: 5 }));
    expect(devices.rows.map((r) => r.label).sort()).toEqual(["STB-Q1", "STB-Q2"]);
    expect(devices.rows.find((r) => r.label === "STB-Q2")!.worstLayer).toBe("ts");
    const channels = await topOffenders({ range: "1h", dim: "channel", limit: 5 });
    expect(channels.rows[0]).toMatchObject({ label: "News 24", worstLayer: "ip", impairedPct: 100 });
  });

  it("scopeDevices lists a scope's devices per layer, paged", async () => {
    const sport = scopeDevicesOutput.parse(
      await scopeDevices({ range: "24h", dim: "channel", key: String(ids.sport), limit: 1 }),
    );
    expect(sport.rows).toHaveLength(1);
    expect(sport.rows[0]).toMatchObject({ serialNumber: "STB-Q2", model: "STB-HD", household: "GW-Q1" });
    expect(sport.rows[0]!.impairedSecs.ts).toBe(600);
    expect(sport.nextCursor).toBe(1);
    const next = await scopeDevices({
      range: "24h",
      dim: "channel",
      key: String(ids.sport),
      limit: 1,
      cursor: 1,
    });
    expect(next.rows.map((r) => r.serialNumber)).toEqual(["STB-Q1"]);
    expect(next.nextCursor).toBeNull();
    const ip = await scopeDevices({
      range: "7d",
      dim: "access_node",
      key: String(ids.node),
      layer: "ip",
      limit: 10,
    });
    expect(ip.rows.map((r) => r.serialNumber)).toEqual(["STB-Q1"]);
    expect((await scopeDevices({ range: "1h", dim: "channel", key: "not-a-number", limit: 5 })).rows).toEqual(
      [],
    );
  });

  it("deviceStreamQuality gives intervals, channel runs and the gateway's line", async () => {
    const q = deviceStreamQualityOutput.parse(await deviceStreamQuality(ids.stb1, { hours: 24 }));
    expect(q.intervals).toHaveLength(4);
    expect(q.intervals[0]).toMatchObject({ channel: "News 24", impaired: { ip: true, ts: false } });
    expect(q.channels.map((c) => c.channel)).toEqual(["News 24", "Sport 1", "News 24", "Sport 1"]);
    expect(q.gateway?.serialNumber).toBe("GW-Q1");
    expect(q.line).toHaveLength(2);
    expect(q.line[0]).toMatchObject({ erroredSecs: 6, dsMargin: 55 });
  });

  it("kpiForScope computes one metric for one scope", async () => {
    const v = await kpiForScope({
      range: "24h",
      dim: "channel",
      key: String(ids.news),
      metric: "loss_events_per_hour",
    });
    expect(v.value).toBeCloseTo(48);
    const line = await kpiForScope({
      range: "1h",
      dim: "access_node",
      key: String(ids.node),
      metric: "dsl_crc_per_hour",
    });
    expect(line.value).toBeCloseTo(144);
    expect((await kpiForScope({ range: "1h", dim: "fleet", key: "all", metric: "nope" })).value).toBeNull();
  });
});
