import { beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { wavePlanSchema } from "../../lib/firmware/wave-schema";
import { emptyStreamCounters, type StreamInterval } from "../../lib/monitoring/intervals";
import { db } from "../db";
import { checkGates } from "../firmware/waves/gates";
import { writeStreamIntervals } from "./store/ingest";
import { qoeGate, registerQoeWaveGate } from "./wave-gate";

useMemoryStoreWithDevice({ serialNumber: "GATE-GW", productClass: "HGW" });

const MIN = 60_000;
const now = () => Math.floor(Date.now() / (5 * MIN)) * 5 * MIN;
const ids = { wave: 0, up: [] as number[], old: [] as number[], hd: 0 };

const row = (deviceId: number, ago: number, lossEvents: number): StreamInterval => ({
  ...emptyStreamCounters(),
  deviceId,
  ts: new Date(now() - ago * MIN),
  secs: 300,
  stream: 1,
  source: "bulkdata",
  channelId: null,
  rtpExpected: 100_000,
  rtpLost: lossEvents * 10,
  lossEvents,
  videoFrames: 7500,
});

beforeAll(async () => {
  const image = await db().firmwareImage.create({
    data: {
      fileName: "stb-3.0.bin",
      storageName: "gate-test",
      size: 1n,
      sha256: "0",
      md5: "0",
      fileType: "1 Firmware Upgrade Image",
      version: "3.0",
      originator: "T",
    },
  });
  const plan = wavePlanSchema.parse({
    canary: { count: 2 },
    stages: [{ count: 2 }],
    qoeGate: {
      metrics: ["qoe", "loss_events_per_hour"],
      maxRegressionPct: 20,
      windowMinutes: 120,
      minSeconds: 600,
    },
  });
  const wave = await db().wave.create({
    data: { name: "gate", imageId: image.id, selection: {}, plan, state: "running" },
  });
  const stb = (serialNumber: string, modelName: string, softwareVersion: string) =>
    db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB",
        serialNumber,
        manufacturer: "T",
        kind: "STB",
        modelName,
        softwareVersion,
      },
    });
  const up = [await stb("UP-1", "STB-4K", "3.0"), await stb("UP-2", "STB-4K", "3.0")];
  const old = [await stb("OLD-1", "STB-4K", "2.0"), await stb("OLD-2", "STB-4K", "2.0")];
  const hd = await stb("HD-1", "STB-HD", "2.0");
  let position = 0;
  for (const d of up) {
    await db().waveDevice.create({
      data: {
        waveId: wave.id,
        deviceId: d.id,
        stage: 0,
        position: position++,
        state: "verified",
        finishedAt: new Date(now() - 100 * MIN),
      },
    });
  }
  await db().waveDevice.create({
    data: { waveId: wave.id, deviceId: old[0]!.id, stage: 1, position: position++ },
  });
  Object.assign(ids, { wave: wave.id, up: up.map((d) => d.id), old: old.map((d) => d.id), hd: hd.id });
}, 60_000);

describe("QoE wave gate", () => {
  it("waits for viewing data, passes on equal quality and holds on a regression", async () => {
    const context = { waveId: ids.wave, stage: 1, verifiedDeviceIds: ids.up };
    const waiting = await qoeGate(context);
    expect(waiting).toMatchObject({ ok: false });
    expect(!waiting.ok && waiting.reason).toMatch(/^waiting for QoE data/);

    // Same loss on both sides; a far worse other model and rows from before the upgrade do not count.
    const rows: StreamInterval[] = [];
    for (const ago of [10, 20, 30]) {
      for (const id of [...ids.up, ...ids.old]) rows.push(row(id, ago, 1));
      rows.push(row(ids.hd, ago, 50));
    }
    for (const id of ids.up) rows.push(row(id, 110, 40));
    await writeStreamIntervals(rows);
    expect(await qoeGate(context)).toEqual({ ok: true });

    // The upgraded boxes now lose more often.
    await writeStreamIntervals(ids.up.flatMap((id) => [40, 50].map((ago) => row(id, ago, 6))));
    const held = await qoeGate(context);
    expect(held.ok).toBe(false);
    expect(!held.ok && held.reason).toMatch(
      /^(qoe|loss_events_per_hour) upgraded [\d.]+ vs others [\d.]+ \([+-]\d+%\)$/,
    );

    // Inside the wave step's transaction (the embedded store's single connection), through it.
    const inTx = await db().$transaction((tx) => qoeGate({ ...context, tx }));
    expect(inTx).toEqual(held);

    // Registered, it answers through the wave engine's gate check.
    const unregister = registerQoeWaveGate();
    try {
      const verdict = await checkGates(context);
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.reason).toMatch(/^QoE: /);
    } finally {
      unregister();
    }
  });

  it("lets a wave without a QoE gate through", async () => {
    const plain = await db().wave.create({
      data: {
        name: "plain",
        imageId: (await db().firmwareImage.findFirstOrThrow()).id,
        selection: {},
        plan: wavePlanSchema.parse({ canary: { count: 1 }, stages: [{ count: 1 }] }),
      },
    });
    expect(await qoeGate({ waveId: plain.id, stage: 1, verifiedDeviceIds: ids.up })).toEqual({ ok: true });
  });
});
