import { describe, expect, it } from "vitest";
import type { CpeResponse, CwmpFault } from "../../server/cwmp/soap/types";
import { SimDevice } from "../device";
import { evolveDevice } from "../evolve";
import { planFleet } from "../fleet-plan";
import { handleAcsRequest } from "../rpc";
import { lineUpOf } from "./households";
import { EMPTY_SCENARIO } from "./scenario";
import { viewingWindow } from "./viewing";
import { worldOf } from "./world";

const AS = "Device.Services.STBService.1.Applications.AudienceStats.";
const plan = planFleet({ devices: 40, seed: 23 });
const world = worldOf(plan);
const DAY = Date.parse("2026-11-30T00:00:00Z");
const HOUR = 3_600_000;

function stb(): SimDevice {
  const identity = plan.find((d) => d.kind === "stb")!;
  return new SimDevice(identity, {
    acsUrl: "http://127.0.0.1:1/",
    username: "",
    password: "",
    periodicInterval: 300,
    household: plan.filter((p) => p.gatewaySerial === identity.gatewaySerial),
    connectionRequestBase: "http://127.0.0.1:1/cr/",
    timeScale: 1,
    monitoring: { world, scenario: EMPTY_SCENARIO },
  });
}

/** Prime time of a day the box is on for the whole hour. */
function onHour(d: SimDevice): number {
  const channels = lineUpOf(world.channels, d.identity);
  for (let h = 0; h < 24 * 14; h++) {
    const from = DAY + h * HOUR;
    if (viewingWindow(d.identity.seed, from, 3600, channels).onSecs === 3600) return from;
  }
  throw new Error("no hour on");
}

const durations = (d: SimDevice): Map<string, number> => {
  const out = new Map<string, number>();
  for (const n of d.tree.instances(`${AS}Channel.`))
    out.set(d.get(`${AS}Channel.${n}.Name`)!, Number(d.get(`${AS}Channel.${n}.Duration`)));
  return out;
};
const total = (d: SimDevice) => [...durations(d).values()].reduce((a, b) => a + b, 0);

function spv(d: SimDevice, name: string, value: string): CpeResponse | CwmpFault {
  return handleAcsRequest(d, {
    name: "SetParameterValues",
    parameterList: [{ name: `${AS}${name}`, value, type: "boolean" }],
    parameterKey: `k-${name}`,
  });
}

describe("AudienceStats in the simulated STB", () => {
  it("is built enabled and empty", () => {
    const d = stb();
    expect(d.get(`${AS}Enable`)).toBe("true");
    expect(d.get(`${AS}Reset`)).toBe("false");
    expect(d.get(`${AS}ResetTime`)).toBe("0");
    expect(d.get(`${AS}ChannelNumberOfEntries`)).toBe("0");
  });

  it("counts each channel's viewing seconds and ResetTime in wall time; the table count follows", () => {
    const d = stb();
    const from = onHour(d) - HOUR;
    evolveDevice(d, from);
    for (let t = from + 60_000; t <= from + 2 * HOUR; t += 60_000) evolveDevice(d, t);
    expect(d.get(`${AS}ResetTime`)).toBe("7200");
    const view = viewingWindow(d.identity.seed, from, 7200, lineUpOf(world.channels, d.identity));
    const expected = new Map<string, number>();
    for (const s of view.segments)
      expected.set(s.channel, (expected.get(s.channel) ?? 0) + (s.end - s.start) / 1000);
    const got = durations(d);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    // Whole seconds per one-minute step: within a second per step and channel of the exact figure.
    for (const [ch, secs] of expected) expect(Math.abs(got.get(ch)! - secs)).toBeLessThanOrEqual(120);
    expect(total(d)).toBeLessThanOrEqual(7200);
    expect(total(d)).toBeGreaterThanOrEqual(3600 - 120);
    expect(Number(d.get(`${AS}ChannelNumberOfEntries`))).toBe(got.size);
  });

  it("Reset empties the durations and restarts ResetTime; Reset always reads false", () => {
    const d = stb();
    const from = onHour(d);
    evolveDevice(d, from);
    evolveDevice(d, from + 1800_000);
    expect(total(d)).toBeGreaterThan(0);
    expect(spv(d, "Reset", "true")).toEqual({ name: "SetParameterValuesResponse", status: 0 });
    expect(d.get(`${AS}Reset`)).toBe("false");
    expect(d.get(`${AS}ResetTime`)).toBe("0");
    expect(d.get(`${AS}ChannelNumberOfEntries`)).toBe("0");
    expect(total(d)).toBe(0);
    const gpv = handleAcsRequest(d, { name: "GetParameterValues", parameterNames: [`${AS}Reset`] });
    expect(gpv).toMatchObject({ parameterList: [{ name: `${AS}Reset`, value: "false" }] });
    evolveDevice(d, from + 2400_000);
    expect(d.get(`${AS}ResetTime`)).toBe("600");
    expect(total(d)).toBeGreaterThan(0);
    expect(total(d)).toBeLessThanOrEqual(600);
    // Writing Reset=false is accepted and changes nothing.
    spv(d, "Reset", "false");
    expect(d.get(`${AS}ResetTime`)).toBe("600");
  });

  it("disabled, it counts nothing; enabling again resets; rewriting Enable=true on a running one does not", () => {
    const d = stb();
    const from = onHour(d);
    evolveDevice(d, from);
    evolveDevice(d, from + 600_000);
    const before = durations(d);
    expect(spv(d, "Enable", "false")).toMatchObject({ status: 0 });
    evolveDevice(d, from + 1800_000);
    expect(durations(d)).toEqual(before);
    expect(d.get(`${AS}ResetTime`)).toBe("600");
    spv(d, "Enable", "true");
    expect(d.get(`${AS}ResetTime`)).toBe("0");
    expect(d.get(`${AS}ChannelNumberOfEntries`)).toBe("0");
    evolveDevice(d, from + 2400_000);
    const running = durations(d);
    expect(running.size).toBeGreaterThan(0);
    spv(d, "Enable", "true");
    expect(durations(d)).toEqual(running);
    expect(d.get(`${AS}ResetTime`)).toBe("600");
  });

  it("refuses writes to what only the box sets", () => {
    const d = stb();
    const r = handleAcsRequest(d, {
      name: "SetParameterValues",
      parameterList: [{ name: `${AS}ResetTime`, value: "5", type: "unsignedInt" }],
      parameterKey: "",
    });
    expect(r).toMatchObject({ faultCode: 9003 });
    expect(d.get(`${AS}ResetTime`)).toBe("0");
  });
});
