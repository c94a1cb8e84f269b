import { describe, expect, it } from "vitest";
import { validateValue } from "../../server/datamodel/index";
import { SimDevice } from "../device";
import { evolveDevice } from "../evolve";
import { planFleet } from "../fleet-plan";
import { lineUpOf } from "./households";
import { parseScenario } from "./scenario";
import { channelAt, viewingWindow } from "./viewing";
import { worldOf } from "./world";

const MS = "Device.Services.STBService.1.ServiceMonitoring.";
const TOTAL = `${MS}MainStream.1.Total.`;
const SAMPLE = `${MS}MainStream.1.Sample.`;
const plan = planFleet({ devices: 40, seed: 21 });
const world = worldOf(plan);
const DAY = Date.parse("2026-11-30T00:00:00Z");

function device(kind: "stb" | "dng", scenario = parseScenario({ impairments: [] })): SimDevice {
  const identity = plan.find((d) => d.kind === kind)!;
  return new SimDevice(identity, {
    acsUrl: "http://127.0.0.1:1/",
    username: "",
    password: "",
    periodicInterval: 300,
    household: plan.filter((p) => p.gatewaySerial === identity.gatewaySerial),
    connectionRequestBase: "http://127.0.0.1:1/cr/",
    timeScale: 1,
    monitoring: { world, scenario },
  });
}

/** An hour (start, ms) in which the box is on the whole time, or off the whole time. */
function hourWhere(seed: number, on: boolean): number {
  for (let h = 0; h < 24 * 14; h++) {
    const from = DAY + h * 3600_000;
    const v = viewingWindow(seed, from, 3600, world.channels);
    if (on ? v.onSecs === 3600 : v.onSecs === 0 && v.zaps.length === 0) return from;
  }
  throw new Error("no such hour");
}

const num = (d: SimDevice, path: string) => Number(d.get(path));
const list = (d: SimDevice, path: string) => (d.get(path) ?? "").split(",");

describe("STB statistics in the tree", () => {
  it("wraps uint32 Total counters after 4294967295 and keeps every value valid", () => {
    const d = device("stb");
    const from = hourWhere(d.identity.seed, true);
    evolveDevice(d, from);
    d.tree.params.get(`${TOTAL}RTPStats.PacketsExpected`)!.value = "4294967000";
    evolveDevice(d, from + 3600_000);
    const v = num(d, `${TOTAL}RTPStats.PacketsExpected`);
    expect(v).toBeLessThan(4294967000);
    // 620 packets/s for an hour, minus the 296 left before the wrap.
    expect(v).toBeGreaterThan(3600 * 600 - 296 - 1);
    expect(num(d, `${TOTAL}RTPStats.TotalSeconds`)).toBe(3600);
    for (const [path, p] of d.tree.params) {
      const r = validateValue(p.facts, d.tree.get(path) ?? "");
      expect(r.ok, `${path}=${d.tree.get(path)}`).toBe(true);
    }
  });

  it("does not advance TotalSeconds in standby (ResetTime does)", () => {
    const d = device("stb");
    const from = hourWhere(d.identity.seed, false);
    evolveDevice(d, from);
    evolveDevice(d, from + 3600_000);
    expect(num(d, `${TOTAL}RTPStats.TotalSeconds`)).toBe(0);
    expect(num(d, `${TOTAL}ResetTime`)).toBe(3600);
    expect(d.get("Device.Services.STBService.1.AVStreams.AVStream.1.Status")).toBe("Disabled");
  });

  it("closes one sample per interval with times, per-category seconds and the same sums as Total", () => {
    const d = device("stb");
    const from = hourWhere(d.identity.seed, true) - 1800_000; // half off / on, maybe
    d.tree.params.get(`${MS}SampleEnable`)!.value = "true";
    evolveDevice(d, from);
    for (let t = from; t <= from + 7200_000; t += 10_000) evolveDevice(d, t);
    const secs = list(d, `${SAMPLE}RTPStats.SampleSeconds`).map(Number);
    expect(secs).toHaveLength(12);
    for (const s of secs) expect(s).toBeLessThanOrEqual(300);
    const end = Date.parse(d.get(`${MS}ReportEndTime`)!);
    const start = Date.parse(d.get(`${MS}ReportStartTime`)!);
    expect(end - start).toBe(3600_000);
    expect(end).toBe(from + 7200_000);
    // Every sample list has 12 entries, string lists included (empty = no zap).
    expect(list(d, `${SAMPLE}VideoResponseStats.VideoSystemResponse`)).toHaveLength(12);
    const expected = list(d, `${SAMPLE}RTPStats.PacketsExpected`).map(Number);
    const received = list(d, `${SAMPLE}RTPStats.PacketsReceived`).map(Number);
    const lost = list(d, `${SAMPLE}RTPStats.PacketsLost`).map(Number);
    expected.forEach((e, i) => expect(received[i]! + lost[i]!).toBe(e));
    expect(num(d, `${TOTAL}RTPStats.TotalSeconds`)).toBeGreaterThanOrEqual(secs.reduce((a, b) => a + b, 0));
  });

  it("follows the channel on screen: AVStream name, Inbound address and URI, IGMP group", () => {
    const d = device("stb");
    const from = hourWhere(d.identity.seed, true);
    evolveDevice(d, from);
    for (let t = from + 10_000; t <= from + 1800_000; t += 10_000) {
      evolveDevice(d, t);
      const ch = channelAt(d.identity.seed, t - 1, lineUpOf(world.channels, d.identity));
      if (!ch) continue;
      const info = world.channels.find((c) => c.name === ch)!;
      expect(d.get("Device.Services.STBService.1.AVStreams.AVStream.1.Name")).toBe(ch);
      const ip = "Device.Services.STBService.1.Components.FrontEnd.1.IP.";
      expect(d.get(`${ip}Inbound.1.DestinationAddress`)).toBe(info.multicastGroup);
      expect(d.get(`${ip}Inbound.1.URI`)).toBe(info.uri);
      expect(d.get(`${ip}IGMP.ClientGroup.1.GroupAddress`)).toBe(info.multicastGroup);
    }
    expect(num(d, `${TOTAL}VideoResponseStats.RequestedTransactions`)).toBeGreaterThanOrEqual(0);
  });

  it("a model fault shows in the decoder counters only; a fault on channels not watched, nowhere", () => {
    const probe = device("stb");
    const from = hourWhere(probe.identity.seed, true);
    const iso = (t: number) => new Date(t).toISOString();
    const watched = new Set(
      viewingWindow(probe.identity.seed, from, 3600, lineUpOf(world.channels, probe.identity)).segments.map(
        (x) => x.channel,
      ),
    );
    const unwatched = world.channels.find((c) => !watched.has(c.name))!;
    const scenario = parseScenario({
      impairments: [
        {
          id: "m",
          location: { kind: "model", model: probe.identity.vendor.modelName },
          start: iso(from),
          end: iso(from + 3600_000),
          severity: 1,
        },
        {
          id: "h",
          location: { kind: "headend", channel: unwatched.name },
          start: iso(from),
          end: iso(from + 3600_000),
          severity: 1,
        },
      ],
    });
    const d = device("stb", scenario);
    evolveDevice(d, from);
    for (let t = from; t <= from + 3600_000; t += 10_000) evolveDevice(d, t);
    expect(num(d, `${TOTAL}VideoDecoderStats.LostFrames`)).toBeGreaterThan(50);
    expect(num(d, `${TOTAL}VideoDecoderStats.AVResynchCounter`)).toBeGreaterThan(0);
    expect(
      num(d, `${TOTAL}RTPStats.PacketsLost`) + num(d, `${TOTAL}MPEG2TSStats.PacketDiscontinuityCounter`),
    ).toBeLessThan(num(d, `${TOTAL}VideoDecoderStats.LostFrames`) * 0.1);
  });

  it("gateways: DSL errors and margin follow an access-node impairment", () => {
    const gw = plan.find((p) => p.kind === "dng")!;
    const node = world.households.get(gw.subscriberId)!.accessNode;
    const from = DAY + 20 * 3600_000;
    const scenario = parseScenario({
      impairments: [
        {
          id: "a",
          location: { kind: "access", accessNode: node },
          start: new Date(from).toISOString(),
          end: new Date(from + 3600_000).toISOString(),
          severity: 1,
        },
      ],
    });
    const d = device("dng", scenario);
    const clean = device("dng");
    const dsl = "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.";
    for (const x of [d, clean]) {
      evolveDevice(x, from);
      evolveDevice(x, from + 3600_000);
    }
    expect(num(d, `${dsl}Stats.Total.CRCErrors`)).toBeGreaterThan(
      num(clean, `${dsl}Stats.Total.CRCErrors`) + 100,
    );
    expect(num(d, `${dsl}Stats.Total.ErroredSecs`)).toBeGreaterThan(10);
    expect(num(d, `${dsl}DownstreamNoiseMargin`)).toBeLessThan(num(clean, `${dsl}DownstreamNoiseMargin`));
  });
});
