// Monitoring data for the journeys, the way a real network makes it: the spec's simulated set-top
// boxes are given a BulkData profile (as the "TR-181 BulkData" template provisions it: the collector's
// URL, the serial as username and the per-device derived password), backfill the last hours and then
// report live; the server's collector stores the intervals, its loops roll them up, localize incidents
// and raise alarms. Nothing is written to the monitoring tables from here.
import { createHmac } from "node:crypto";
import { expect } from "@playwright/test";
import type { Fleet } from "../../sim";
import type { SimDevice } from "../../sim/device";
import { BULKDATA_PORT } from "./constants";
import { testDb } from "./db";

export const COLLECTOR_URL = `http://127.0.0.1:${BULKDATA_PORT}/bulkdata`;
const STB = "Device.Services.STBService.1.";
// The key and derivation of server/monitoring/bulkdata/credentials.ts (the secret lives in AppSecret).
const BULKDATA_KEY = "bulkdata-key";

/** The device's BulkData password, derived from the server's stored secret (created as the server would). */
async function passwordFor(oui: string, serial: string): Promise<string> {
  const db = testDb();
  const candidate = createHmac("sha256", `${Date.now()}-${Math.random()}`).digest("base64url");
  await db.appSecret.createMany({ data: [{ key: BULKDATA_KEY, value: candidate }], skipDuplicates: true });
  const secret = (await db.appSecret.findUniqueOrThrow({ where: { key: BULKDATA_KEY } })).value;
  return createHmac("sha256", secret).update(`${oui}-${serial}`).digest("base64url");
}

/** Set-top boxes with a BulkData object: the ones that report by BulkData (the others are polled). */
export const bulkDataStbs = (fleet: Fleet): SimDevice[] =>
  fleet.devices.filter((d) => d.identity.kind === "stb" && d.tree.params.has("Device.BulkData.Enable"));

/** One profile on the box: service monitoring samples every 5 min, a report every `reportSeconds`. */
async function configure(d: SimDevice, reportSeconds: number): Promise<void> {
  const t = d.tree;
  const set = (path: string, v: string | number) => {
    const p = t.params.get(path);
    if (!p) throw new Error(`${d.serial} has no ${path}`);
    p.value = String(v);
  };
  set(`${STB}ServiceMonitoring.SampleEnable`, "true");
  set(`${STB}ServiceMonitoring.SampleInterval`, 300);
  set("Device.BulkData.Enable", "true");
  const n = t.addInstance("Device.BulkData.Profile.");
  const p = `Device.BulkData.Profile.${n}.`;
  set(`${p}Enable`, "true");
  set(`${p}Protocol`, "HTTP");
  set(`${p}EncodingType`, "JSON");
  set(`${p}ReportingInterval`, reportSeconds);
  set(`${p}HTTP.URL`, COLLECTOR_URL);
  set(`${p}HTTP.Username`, d.serial);
  set(`${p}HTTP.Password`, await passwordFor(d.identity.vendor.oui, d.serial));
  set(`${p}HTTP.Compression`, "GZIP");
  set(`${p}JSONEncoding.ReportFormat`, "NameValuePair");
  for (const ref of [
    "Device.DeviceInfo.UpTime",
    `${STB}ServiceMonitoring.SampleInterval`,
    `${STB}ServiceMonitoring.ReportEndTime`,
    `${STB}ServiceMonitoring.MainStream.1.AVStream`,
    `${STB}ServiceMonitoring.MainStream.1.Total.`,
    `${STB}ServiceMonitoring.MainStream.1.Sample.`,
    `${STB}AVStreams.AVStream.`,
    `${STB}Components.FrontEnd.1.IP.Inbound.`,
    `${STB}Components.FrontEnd.1.IP.IGMP.ClientGroupStats.`,
  ]) {
    const i = t.addInstance(`${p}Parameter.`);
    set(`${p}Parameter.${i}.Reference`, ref);
  }
}

/**
 * Turns BulkData on for the fleet's capable boxes and waits until each posted its backfill (the
 * fleet's `backfillHours`) and the collector stored intervals for them. Returns the boxes.
 */
export async function startReporting(fleet: Fleet, reportSeconds = 300): Promise<SimDevice[]> {
  const boxes = bulkDataStbs(fleet);
  expect(boxes.length, "BulkData-capable boxes in the fleet").toBeGreaterThan(0);
  for (const d of boxes) await configure(d, reportSeconds);
  // The device re-reads its BulkData configuration after each session.
  for (const d of boxes) fleet.trigger(d.serial);
  await fleet.idle(30_000);
  await expect
    .poll(
      () =>
        fleet.bulkData.backfilledReports > 0 &&
        fleet.bulkData.reportsSent >= fleet.bulkData.backfilledReports,
      {
        timeout: 90_000,
      },
    )
    .toBe(true);
  const ids = (
    await testDb().device.findMany({ where: { serialNumber: { in: boxes.map((d) => d.serial) } } })
  ).map((r) => r.id);
  await expect
    .poll(() => storedIntervals(ids), { timeout: 60_000, message: "intervals stored for the boxes" })
    .toBeGreaterThan(boxes.length);
  return boxes;
}

export async function storedIntervals(deviceIds: number[]): Promise<number> {
  const [row] = await testDb().$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM stream_interval WHERE device_id = ANY($1::int4[])`,
    deviceIds,
  );
  return Number(row?.n ?? 0);
}

/** The device of the fleet that watched the most (seconds) over the last `hours`, by its stored rows. */
export async function busiestDevice(
  deviceIds: number[],
  hours: number,
): Promise<{ id: number; secs: number }> {
  const [row] = await testDb().$queryRawUnsafe<{ device_id: number; secs: bigint }[]>(
    `SELECT device_id, sum(secs) AS secs FROM stream_interval
     WHERE device_id = ANY($1::int4[]) AND ts >= now() - make_interval(hours => $2::int)
     GROUP BY device_id ORDER BY secs DESC LIMIT 1`,
    deviceIds,
    hours,
  );
  if (!row) throw new Error("no device watched anything");
  return { id: row.device_id, secs: Number(row.secs) };
}
