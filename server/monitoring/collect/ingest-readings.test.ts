import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { db } from "../../db";
import { invalidateChannels } from "./channels";
import { ingestReadings } from "./ingest-readings";
import { observeStreams } from "./stream-map";

const store = useMemoryStoreWithDevice({ serialNumber: "STB-COLLECT-1", productClass: "STB" });

const SVC = "Device.Services.STBService.1.";
const MS = `${SVC}ServiceMonitoring.MainStream.1.`;
const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");
// Sample ends on 5-minute marks, inside the raw retention.
const END = Math.floor(Date.now() / 300_000) * 300_000 - 600_000;

function sampleReport(end: number, n: number, over: Record<string, string> = {}): Map<string, string> {
  const list = (v: string) => Array.from({ length: n }, () => v).join(",");
  return new Map(
    Object.entries({
      [`${SVC}ServiceMonitoring.SampleInterval`]: "300",
      [`${SVC}ServiceMonitoring.ReportEndTime`]: iso(end),
      [`${MS}AVStream`]: `${SVC}AVStreams.AVStream.2`,
      [`${SVC}AVStreams.AVStream.2.Name`]: "Collect One",
      [`${MS}Sample.SampleSeconds`]: list("300"),
      [`${MS}Sample.RTPStats.PacketsExpected`]: list("120000"),
      [`${MS}Sample.RTPStats.PacketsLost`]: list("3"),
      [`${MS}Sample.RTPStats.LossEvents`]: list("1"),
      [`${MS}Sample.VideoDecoderStats.DecodedFrames`]: list("7500"),
      [`${MS}Sample.VideoResponseStats.VideoSystemResponse`]: Array.from(
        { length: n },
        () => "900:1400",
      ).join(","),
      [`${SVC}Components.FrontEnd.1.IP.IGMP.ClientGroupStats.1.QuarterHour.MaxJoinDelay`]: "120",
      ...over,
    }),
  );
}

describe("observeStreams", () => {
  it("lines Sample list entries up with their end times and reads the channel hint", () => {
    const [obs] = observeStreams(sampleReport(END, 3), END, null);
    expect(obs!.samples!.ends).toEqual([END - 600_000, END - 300_000, END]);
    expect(obs!.samples!.zapMs[0]).toEqual([900, 1400]);
    expect(obs!.channel.name).toBe("Collect One");
    expect(obs!.igmpJoinMs).toBe(120);
  });

  it("splits VideoSystemResponse as the TR-135 description's example does", () => {
    // ",837:453:1234,759,,,923:698,,,1284": none in the first sample, three in the second, one in the third...
    const example = ",837:453:1234,759,,,923:698,,,1284";
    const [obs] = observeStreams(
      sampleReport(END, 9, { [`${MS}Sample.VideoResponseStats.VideoSystemResponse`]: example }),
      END,
      null,
    );
    expect(obs!.samples!.zapMs).toEqual([[], [837, 453, 1234], [759], [], [], [923, 698], [], [], [1284]]);
  });

  it("skips a list of another length and garbage entries, keeps the rest", () => {
    const [obs] = observeStreams(
      sampleReport(END, 2, {
        [`${MS}Sample.RTPStats.PacketsLost`]: "1,2,3",
        [`${MS}Sample.RTPStats.LossEvents`]: "1,x",
      }),
      END,
      null,
    );
    expect(obs!.samples!.lists["RTPStats.PacketsLost"]).toBeUndefined();
    expect(obs!.samples!.lists["RTPStats.LossEvents"]).toEqual([1, null]);
  });
});

describe("ingestReadings", () => {
  it("stores each Sample entry once, attributed to the channel, and moves the cursor", async () => {
    await db().channel.create({ data: { name: "Collect One", number: 101, multicastGroup: "239.1.1.1" } });
    invalidateChannels();
    const id = store.deviceId();
    const first = await ingestReadings(id, [{ at: END, values: sampleReport(END, 2) }], {
      source: "bulkdata",
    });
    expect(first.streams.written).toBe(2);
    // The next report repeats the last entry and adds one: only the new one is stored.
    const next = await ingestReadings(id, [{ at: END + 300_000, values: sampleReport(END + 300_000, 2) }], {
      source: "bulkdata",
    });
    expect(next.streams).toMatchObject({ written: 1, duplicates: 0 });
    const rows = await db().$queryRawUnsafe<
      { secs: number; rtp_lost: bigint; channel_id: number; zaps: number }[]
    >(`SELECT secs, rtp_lost, channel_id, zaps FROM stream_interval WHERE device_id = $1 ORDER BY ts`, id);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.channel_id !== null && Number(r.rtp_lost) === 3 && r.zaps === 2)).toBe(true);
    const cursor = await db().metricCursor.findUnique({
      where: { deviceId_stream: { deviceId: id, stream: `stream:${MS}` } },
    });
    expect((cursor!.snapshot as { lastSampleEnd: number }).lastSampleEnd).toBe(END + 300_000);
  });

  it("derives Total deltas across a wrap and stores nothing for the first snapshot or a duplicate", async () => {
    const id = store.deviceId();
    const ms2 = `${SVC}ServiceMonitoring.MainStream.2.`;
    const total = (seconds: number, lost: number) =>
      new Map([
        [`${ms2}Total.TotalSeconds`, String(seconds)],
        [`${ms2}Total.ResetTime`, String(seconds)],
        [`${ms2}Total.RTPStats.PacketsExpected`, String(seconds * 400)],
        [`${ms2}Total.RTPStats.PacketsLost`, String(lost)],
      ]);
    const t0 = END - 3_600_000;
    expect(
      (await ingestReadings(id, [{ at: t0, values: total(1000, 4_294_967_290) }], { source: "totals" }))
        .streams.written,
    ).toBe(0);
    const r = await ingestReadings(
      id,
      [
        { at: t0 + 900_000, values: total(1900, 10) },
        { at: t0 + 900_000, values: total(1900, 10) },
      ],
      { source: "totals" },
    );
    expect(r.streams.written).toBe(1);
    const [row] = await db().$queryRawUnsafe<{ secs: number; rtp_lost: bigint; source: number }[]>(
      `SELECT secs, rtp_lost, source FROM stream_interval WHERE device_id = $1 AND stream = 2`,
      id,
    );
    expect(row).toMatchObject({ secs: 900, source: 3 });
    expect(Number(row!.rtp_lost)).toBe(16);
  });

  it("maps a TR-098 DSL line: deltas, gauges, and a showtime going back as a resync", async () => {
    const id = store.deviceId();
    const W = "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.";
    const line = (totalStart: number, showtime: number, es: number) =>
      new Map([
        [`${W}TotalStart`, String(totalStart)],
        [`${W}ShowtimeStart`, String(showtime)],
        [`${W}Stats.Total.ErroredSecs`, String(es)],
        [`${W}Stats.Total.CRCErrors`, String(es * 10)],
        [`${W}DownstreamCurrRate`, "16000"],
        [`${W}DownstreamNoiseMargin`, "61"],
        [`${W}UpstreamNoiseMargin`, "bad"],
      ]);
    const t0 = END - 1_800_000;
    await ingestReadings(id, [{ at: t0, values: line(5000, 5000, 10) }], { source: "totals" });
    const r = await ingestReadings(id, [{ at: t0 + 900_000, values: line(5900, 100, 14) }], {
      source: "totals",
    });
    expect(r.lines.written).toBe(1);
    const [row] = await db().$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT secs, errored_secs, crc_errors, resyncs, ds_rate, ds_margin, us_margin, showtime_secs FROM line_interval WHERE device_id = $1`,
      id,
    );
    expect(row).toMatchObject({
      secs: 900,
      errored_secs: 4,
      resyncs: 1,
      ds_rate: 16000,
      ds_margin: 61,
      us_margin: null,
      showtime_secs: 100,
    });
    expect(Number(row!.crc_errors)).toBe(40);
  });
});
