// The alarm state machine on real rows: intervals written through the store, evaluated at successive
// minutes, raised after the duration, held inside the hysteresis band, cleared, acknowledged.
import { beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { emptyStreamCounters, type StreamInterval } from "../../../lib/monitoring/intervals";
import { db } from "../../db";
import { writeStreamIntervals } from "../store/ingest";
import { evaluateAlarms } from "./evaluate";
import { acknowledgeAlarm, alarmCounts, listAlarms } from "./queries";
import { createAlarmRule, seedDefaultAlarmRules, updateAlarmRule } from "./rules";

const store = useMemoryStoreWithDevice({ serialNumber: "STB-ALARM-1", productClass: "STB" });
const actor = { id: 0, username: "noc" };
const MIN = 60_000;
const base = Math.floor(Date.now() / (5 * MIN)) * 5 * MIN - 3 * 60 * MIN;
const at = (min: number) => new Date(base + min * MIN);

const row = (min: number, over: Partial<StreamInterval>): StreamInterval => ({
  ...emptyStreamCounters(),
  deviceId: store.deviceId(),
  ts: at(min),
  secs: 300,
  stream: 1,
  source: "bulkdata",
  channelId: null,
  videoFrames: 7500,
  ...over,
});

/** Frozen fraction per 5-minute interval: clean, bad, inside the hysteresis band, clean again. */
function frozen(min: number): number {
  if (min < 30) return 0;
  if (min < 60) return 0.05;
  if (min < 90) return 0.006;
  return 0.001;
}

beforeAll(async () => {
  actor.id = (await db().operator.create({ data: { username: "noc", role: "noc", passwordHash: "x" } })).id;
  const rows: StreamInterval[] = [];
  for (let min = 0; min < 150; min += 5)
    rows.push(
      row(min, {
        emptyBufferMs: Math.round(frozen(min) * 300_000),
        zaps: 2,
        zapMs: min >= 30 && min < 60 ? [2600, 3100] : [800, 900],
      }),
    );
  expect((await writeStreamIntervals(rows)).written).toBe(30);
});

describe("evaluateAlarms", () => {
  it("raises after raiseMinutes, holds in the band, clears after clearMinutes, acknowledges", async () => {
    const { id: ruleId } = await createAlarmRule(actor, {
      name: "Frozen picture",
      metric: "frozen_fraction",
      scope: "device",
      threshold: 0.01,
      clearThreshold: 0.004,
      raiseMinutes: 15,
      clearMinutes: 15,
      minSeconds: 600,
      severity: "major",
    });
    const states: string[] = [];
    for (let min = 30; min <= 120; min += 5) {
      await evaluateAlarms(at(min));
      const alarms = await db().alarm.findMany({ where: { ruleId } });
      expect(alarms.length).toBeLessThanOrEqual(1);
      states.push(`${min}:${alarms[0]?.state ?? "-"}`);
    }
    expect(states).toEqual([
      "30:-",
      "35:pending",
      "40:pending",
      "45:pending",
      "50:raised",
      "55:raised",
      "60:raised",
      "65:raised",
      "70:raised",
      "75:raised",
      "80:raised",
      "85:raised",
      "90:raised",
      "95:raised",
      "100:clearing",
      "105:clearing",
      "110:clearing",
      "115:cleared",
      "120:cleared",
    ]);
    const [alarm] = await db().alarm.findMany({ where: { ruleId } });
    expect(alarm).toMatchObject({
      scope: "device",
      scopeKey: String(store.deviceId()),
      scopeLabel: "STB-ALARM-1",
      raisedAt: at(50),
      clearedAt: at(115),
    });
    expect(alarm!.peakValue).toBeCloseTo(0.05, 5);
    // Integrators' webhooks: one alarm.raised and one alarm.cleared, written with the state changes.
    const events = await db().outboxEvent.findMany({
      where: { type: { startsWith: "alarm." } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["alarm.raised", "alarm.cleared"]);
    expect(events[0]?.payload).toMatchObject({
      alarmId: alarm!.id,
      ruleId,
      severity: "major",
      scope: "device",
    });
    await acknowledgeAlarm(alarm!.id, actor);
    await acknowledgeAlarm(alarm!.id, actor);
    const listed = await listAlarms({ state: "cleared" });
    expect(listed.rows[0]).toMatchObject({ acknowledgedBy: "noc", ruleName: "Frozen picture" });
    expect(await db().auditLog.count({ where: { action: "alarm.acknowledge" } })).toBe(1);
    // A later breach opens a new alarm, the cleared one stays as history.
    await updateAlarmRule(actor, { id: ruleId, patch: { enabled: false } });
  });

  it("zap p95 per device and household scopes read the same rows", async () => {
    await createAlarmRule(actor, {
      name: "Slow zaps",
      metric: "zap_p95",
      scope: "device",
      threshold: 2000,
      raiseMinutes: 0,
      minSeconds: 0,
    });
    await createAlarmRule(actor, {
      name: "Frozen household",
      metric: "frozen_fraction",
      scope: "household",
      threshold: 0.01,
      raiseMinutes: 0,
      minSeconds: 0,
    });
    const result = await evaluateAlarms(at(45));
    expect(result.created).toBe(2);
    const open = await listAlarms({ state: "raised" });
    expect(open.rows.map((r) => [r.ruleName, r.scopeLabel])).toEqual([
      ["Frozen household", "STB-ALARM-1"],
      ["Slow zaps", "STB-ALARM-1"],
    ]);
    expect(open.rows[1]!.value).toBeGreaterThan(2500);
    expect(await alarmCounts()).toEqual([{ severity: "major", raised: 2, unacknowledged: 2 }]);
  });

  it("refuses a bad rule and seeds the defaults once", async () => {
    await expect(
      createAlarmRule(actor, { name: "x", metric: "dsl_es_per_hour", scope: "channel", threshold: 1 }),
    ).rejects.toThrow(/channel scope/);
    await expect(
      createAlarmRule(actor, {
        name: "x",
        metric: "qoe",
        scope: "fleet",
        threshold: 3,
        clearThreshold: 2,
        operator: "lt",
      }),
    ).rejects.toThrow(/at least the threshold/);
    expect(await seedDefaultAlarmRules()).toBeGreaterThan(3);
    expect(await seedDefaultAlarmRules()).toBe(0);
    const result = await evaluateAlarms(at(150));
    expect(result.rules).toBeGreaterThan(5);
  });
});
