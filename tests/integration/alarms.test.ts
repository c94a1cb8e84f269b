// Alarms in a running server: the loop seeds the default rules once, the default per-device IP loss rule
// goes pending then raised on real rows written through the ingest, clears when the loss stops, and a
// channel-scoped rule names the channel from the imported line-up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyStreamCounters, type StreamInterval } from "../../lib/monitoring/intervals";
import { db } from "../../server/db";
import { importLineup } from "../../server/monitoring/channels/import";
import { evaluateAlarms, startAlarms } from "../../server/monitoring/alarms/evaluate";
import { acknowledgeAlarm, listAlarms } from "../../server/monitoring/alarms/queries";
import { createAlarmRule, listAlarmRules } from "../../server/monitoring/alarms/rules";
import { writeStreamIntervals } from "../../server/monitoring/store/ingest";
import { adminActor } from "../support/fleet";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const MIN = 60_000;
const base = Math.floor(Date.now() / (5 * MIN)) * 5 * MIN - 2 * 60 * MIN;
const at = (min: number) => new Date(base + min * MIN);

beforeAll(async () => {
  server = await startTestServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("alarms", () => {
  it("seeds defaults once, raises the IP loss rule after its duration, clears it, acknowledges", async () => {
    const loop = startAlarms(3_600_000);
    await loop.tick();
    await loop.stop();
    const again = startAlarms(3_600_000);
    await again.stop();
    const rules = await listAlarmRules();
    expect(rules.filter((r) => r.createdBy === "system").length).toBeGreaterThanOrEqual(5);
    const lossRule = rules.find((r) => r.metric === "loss_events_per_hour" && r.scope === "device")!;

    const actor = await adminActor();
    await importLineup(
      "number,name,multicast_group,uri,headend,insertion_points\n1,TF1 HD,239.100.0.1,,SHE-Paris,",
      actor,
    );
    const channel = await db().channel.findUniqueOrThrow({ where: { name: "TF1 HD" } });
    const stb = await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB",
        serialNumber: "STB-INT-1",
        manufacturer: "T",
        modelName: "VIP",
      },
    });
    const rows: StreamInterval[] = [];
    for (let min = 0; min < 90; min += 5)
      rows.push({
        ...emptyStreamCounters(),
        deviceId: stb.id,
        ts: at(min),
        secs: 300,
        stream: 1,
        source: "bulkdata",
        channelId: channel.id,
        rtpExpected: 186_000,
        videoFrames: 7500,
        // Loss from minute 20 to 50: 2 events per 5 minutes (24 per hour).
        ...(min >= 20 && min < 50 ? { rtpLost: 40, lossEvents: 2 } : {}),
        ...(min >= 20 && min < 50 ? { tsCcErrors: 10 } : {}),
      });
    expect((await writeStreamIntervals(rows)).written).toBe(18);
    await createAlarmRule(actor, {
      name: "TS errors on TF1",
      metric: "cc_errors_per_hour",
      scope: "channel",
      scopeKey: String(channel.id),
      threshold: 5,
      raiseMinutes: 0,
      minSeconds: 300,
    });

    const seen: string[] = [];
    for (let min = 20; min <= 85; min += 5) {
      await evaluateAlarms(at(min));
      const alarm = await db().alarm.findFirst({ where: { ruleId: lossRule.id } });
      seen.push(alarm?.state ?? "-");
    }
    expect(seen[0]).toBe("-");
    expect(seen).toContain("pending");
    expect(seen).toContain("raised");
    expect(seen.at(-1)).toBe("cleared");
    const { rows: listed } = await listAlarms({ state: "all" });
    const channelAlarm = listed.find((a) => a.ruleName === "TS errors on TF1")!;
    expect(channelAlarm).toMatchObject({ scope: "channel", scopeLabel: "TF1 HD" });
    const lossAlarm = listed.find((a) => a.ruleId === lossRule.id)!;
    expect(lossAlarm).toMatchObject({ scopeLabel: "STB-INT-1 (VIP)", state: "cleared" });
    await acknowledgeAlarm(lossAlarm.id, actor);
    expect((await listAlarms({ state: "cleared" })).rows.find((a) => a.id === lossAlarm.id)).toMatchObject({
      acknowledgedBy: "admin",
    });
  }, 60_000);
});
