// Polled statistics for devices without BulkData: a session the device opens anyway carries one
// GetParameterValues for the statistics its document shows; the answer's valid values become intervals
// (garbage ones skipped); no second poll within the period, none for a device reporting by BulkData.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CpeResponse, Envelope, FromAcs, ParameterValue, XsdType } from "../../server/cwmp/soap/types";
import { db } from "../../server/db";
import type { ParameterDocument } from "../../server/devices/parameter-document";
import { asJson } from "../../server/json";
import { forgetPollState } from "../../server/monitoring/poll/service";
import { ScriptedCpe, makeInform, type AcsAnswer } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;

beforeAll(async () => {
  // The server starts the poll with monitoring (server/monitoring/service.ts).
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const SVC = "Device.Services.STBService.1.";
const MS = `${SVC}ServiceMonitoring.MainStream.1.`;
const KNOWN: ParameterDocument = {
  [`${SVC}ServiceMonitoring.`]: { ts: 1 },
  [`${MS}Sample.SampleSeconds`]: { v: "", t: "string", ts: 1 },
};

const bodyOf = (step: AcsAnswer): Envelope<FromAcs>["body"] | undefined => step.envelope?.body;
const answer = (cpe: ScriptedCpe, step: AcsAnswer, body: CpeResponse) =>
  cpe.send(body, step.envelope?.header.id);

/** A known device with an empty queue and the given document, plus its CPE. */
async function device(serial: string, parameters: ParameterDocument) {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  await cpe.inform(makeInform(serial, ["1 BOOT"]));
  let step = await cpe.empty();
  for (let i = 0; i < 10 && step.status === 200; i++) {
    const name = bodyOf(step)?.name;
    if (name === "GetParameterNames")
      step = await answer(cpe, step, { name: "GetParameterNamesResponse", parameterList: [] });
    else if (name === "GetParameterValues")
      step = await answer(cpe, step, { name: "GetParameterValuesResponse", parameterList: [] });
    else throw new Error(`unexpected ${name}`);
  }
  const { id } = await db().device.findFirstOrThrow({ where: { serialNumber: serial } });
  await db().task.deleteMany({ where: { deviceId: id } });
  await db().device.update({ where: { id }, data: { parameters: asJson(parameters) } });
  // The document changed behind the ACS's back: what the poll remembered of this device is stale.
  forgetPollState(id);
  return { id, cpe };
}

const END = Math.floor(Date.now() / 300_000) * 300_000 - 300_000;
const str = (name: string, value: string, type: XsdType = "string"): ParameterValue => ({
  name,
  value,
  type,
});
const SAMPLES = [
  str(`${SVC}ServiceMonitoring.SampleInterval`, "300", "unsignedInt"),
  str(`${SVC}ServiceMonitoring.ReportEndTime`, new Date(END).toISOString(), "dateTime"),
  str(`${MS}Sample.SampleSeconds`, "300,300"),
  str(`${MS}Sample.RTPStats.PacketsExpected`, "120000,120000"),
  str(`${MS}Sample.RTPStats.PacketsLost`, "5,7"),
  str(`${MS}Sample.MPEG2TSStats.PacketDiscontinuityCounter`, "x,y"),
  str(`${MS}Total.TotalSeconds`, "not-a-number", "unsignedInt"),
];

describe("monitoring poll", () => {
  it("piggybacks one GetParameterValues on the device's session and stores what is valid", async () => {
    const { id, cpe } = await device("POLL-STB-1", KNOWN);
    expect((await cpe.inform(makeInform("POLL-STB-1", ["2 PERIODIC"]))).status).toBe(200);
    const rpc = await cpe.empty();
    const gpv = bodyOf(rpc);
    if (gpv?.name !== "GetParameterValues") throw new Error(`expected a poll, got ${gpv?.name}`);
    expect(gpv.parameterNames).toContain(`${SVC}ServiceMonitoring.`);
    expect(gpv.parameterNames).toContain("Device.DeviceInfo.UpTime");
    const end = await answer(cpe, rpc, { name: "GetParameterValuesResponse", parameterList: SAMPLES });
    expect(end.status).toBe(204);
    const rows = await db().$queryRawUnsafe<{ rtp_lost: bigint; ts_cc_errors: number; source: number }[]>(
      `SELECT rtp_lost, ts_cc_errors, source FROM stream_interval WHERE device_id = $1 ORDER BY ts`,
      id,
    );
    expect(rows.map((r) => Number(r.rtp_lost))).toEqual([5, 7]);
    expect(rows.every((r) => r.ts_cc_errors === 0 && r.source === 2)).toBe(true);
    const task = await db().task.findFirstOrThrow({ where: { deviceId: id, createdBy: "monitoring-poll" } });
    expect(task.state).toBe("done");
    expect(task.expiresAt).not.toBeNull();

    // Within the period: the next session carries no poll (the database says so, not only this process).
    forgetPollState(id);
    expect((await cpe.inform(makeInform("POLL-STB-1", ["2 PERIODIC"]))).status).toBe(200);
    expect((await cpe.empty()).status).toBe(204);
    expect(await db().task.count({ where: { deviceId: id, createdBy: "monitoring-poll" } })).toBe(1);
    cpe.close();
  });

  it("reads a TR-181 DSL line's statistics and stores the interval between two polls", async () => {
    const L = "Device.DSL.Line.1.";
    const C = "Device.DSL.Channel.1.";
    const { id, cpe } = await device("POLL-DNG-1", {
      [`${L}Stats.TotalStart`]: { v: "1", t: "unsignedInt", ts: 1 },
      [`${C}DownstreamCurrRate`]: { v: "1", t: "unsignedInt", ts: 1 },
    });
    const line = (totalStart: number, es: number, crc: number): ParameterValue[] => [
      str(`${L}Stats.TotalStart`, String(totalStart), "unsignedInt"),
      str(`${L}Stats.ShowtimeStart`, String(totalStart), "unsignedInt"),
      str(`${L}Stats.Total.ErroredSecs`, String(es), "unsignedInt"),
      str(`${L}DownstreamNoiseMargin`, "58", "int"),
      str(`${C}Stats.Total.XTURCRCErrors`, String(crc), "unsignedInt"),
      str(`${C}DownstreamCurrRate`, "40000", "unsignedInt"),
    ];
    const poll = async (values: ParameterValue[]) => {
      expect((await cpe.inform(makeInform("POLL-DNG-1", ["2 PERIODIC"]))).status).toBe(200);
      const rpc = await cpe.empty();
      const gpv = bodyOf(rpc);
      if (gpv?.name !== "GetParameterValues") throw new Error(`expected a poll, got ${gpv?.name}`);
      expect(gpv.parameterNames).toEqual(expect.arrayContaining([L, C]));
      expect(
        (await answer(cpe, rpc, { name: "GetParameterValuesResponse", parameterList: values })).status,
      ).toBe(204);
    };
    await poll(line(10_000, 4, 100));
    // Fifteen minutes on: the first reading backdated, the period over.
    const key = { deviceId_stream: { deviceId: id, stream: `line:${L}` } };
    const cursor = await db().metricCursor.findUniqueOrThrow({ where: key });
    const snapshot = cursor.snapshot as { total: { at: number } };
    snapshot.total.at -= 900_000;
    await db().metricCursor.update({ where: key, data: { snapshot: asJson(snapshot) } });
    await db().task.updateMany({
      where: { deviceId: id },
      data: { createdAt: new Date(Date.now() - 3_600_000) },
    });
    forgetPollState(id);
    await poll(line(10_900, 7, 4_294_967_290));
    const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT secs, errored_secs, crc_errors, ds_rate, ds_margin, source FROM line_interval WHERE device_id = $1`,
      id,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ secs: 900, errored_secs: 3, ds_rate: 40000, ds_margin: 58, source: 3 });
    expect(Number(rows[0]!.crc_errors)).toBe(4_294_967_190);
    cpe.close();
  });

  it("does not poll a device that reports by BulkData, nor one without statistics", async () => {
    const bulk = await device("POLL-STB-2", KNOWN);
    await db().metricCursor.create({
      data: { deviceId: bulk.id, stream: `stream:${MS}`, source: "bulkdata", snapshot: {}, at: new Date() },
    });
    expect((await bulk.cpe.inform(makeInform("POLL-STB-2", ["2 PERIODIC"]))).status).toBe(200);
    expect((await bulk.cpe.empty()).status).toBe(204);
    const bare = await device("POLL-STB-3", {});
    expect((await bare.cpe.inform(makeInform("POLL-STB-3", ["2 PERIODIC"]))).status).toBe(200);
    expect((await bare.cpe.empty()).status).toBe(204);
    expect(
      await db().task.count({
        where: { createdBy: "monitoring-poll", deviceId: { in: [bulk.id, bare.id] } },
      }),
    ).toBe(0);
    bulk.cpe.close();
    bare.cpe.close();
  });
});
