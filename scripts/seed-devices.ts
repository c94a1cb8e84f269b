// Seeds N realistic devices straight into PostgreSQL for search benchmarks and demos: 40 % TR-098
// gateways, 60 % TR-181/TR-135 set-top boxes, households sharing a subscriber id, vendor OUIs/product
// classes/software versions skewed towards the newest release, unique serials/IPs/MACs, region and VIP
// tags, a spread of inform intervals with ~8 % of devices offline, and a parameter document of 60-80
// entries per device. Value shares the search benchmark relies on: 30 % of STBs (18 % of devices) report
// a 3840x2160p50Hz HDMI resolution (its common value), every gateway its own SSID (the rare one), and
// each vendor's five releases run on 50/30/12/6/2 % of its devices (0.3-10 % of the fleet each). Rows
// are generated inside PostgreSQL (INSERT ... SELECT generate_series), batch by batch, each device's last
// inform into DeviceLastInform by the same statement; with --rebuild-indexes the Device indexes are
// dropped first and rebuilt once at the end.
//
//   npx tsx scripts/seed-devices.ts --count 100000 [--url postgresql://...] [--rebuild-indexes]
//   (without --url: DATABASE_URL, else the running server's <DATA_DIR>/db-url)
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { DNG_VENDORS, STB_VENDORS, type VendorProfile } from "../sim/vendors";

/** Five releases per vendor: the two the simulator knows plus older ones still in the field. */
function releases(v: VendorProfile): string[] {
  const [a = "1.0", b = "1.1"] = v.softwareVersions;
  return [b, a, `${a}-rc2`, `${a}-legacy`, `${a}-2019`];
}

type Entry = [path: string, value: string, type?: string, writable?: boolean];

/** Tokens (@NAME@) are replaced per device in SQL; everything else is shared by a vendor's fleet. */
function gatewayEntries(): Entry[] {
  const igd = "InternetGatewayDevice.";
  const ppp = `${igd}WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.`;
  const dsl = `${igd}WANDevice.1.WANDSLInterfaceConfig.`;
  const wlan = `${igd}LANDevice.1.WLANConfiguration.1.`;
  const e: Entry[] = [
    [`${igd}DeviceSummary`, "InternetGatewayDevice:1.4[](Baseline:2, EthernetLAN:1, ADSLWAN:1)"],
    [`${igd}LANDeviceNumberOfEntries`, "1", "xsd:unsignedInt"],
    [`${igd}WANDeviceNumberOfEntries`, "1", "xsd:unsignedInt"],
    ...deviceInfo(igd, "home gateway"),
    ...managementServer(igd),
    [`${igd}Time.Enable`, "true", "xsd:boolean", true],
    [`${igd}Time.NTPServer1`, "pool.ntp.org", "xsd:string", true],
    [`${igd}Time.LocalTimeZoneName`, "CET-1CEST,M3.5.0,M10.5.0/3", "xsd:string", true],
    [`${igd}Time.Status`, "Synchronized"],
    [`${igd}WANDevice.1.WANCommonInterfaceConfig.WANAccessType`, "DSL"],
    [`${igd}WANDevice.1.WANCommonInterfaceConfig.PhysicalLinkStatus`, "Up"],
    [`${igd}WANDevice.1.WANCommonInterfaceConfig.TotalBytesReceived`, "@BYTES@", "xsd:unsignedInt"],
    [`${dsl}Enable`, "true", "xsd:boolean", true],
    [`${dsl}Status`, "Up"],
    [`${dsl}ModulationType`, "@MODULATION@"],
    [`${dsl}UpstreamCurrRate`, "@UP@", "xsd:unsignedInt"],
    [`${dsl}DownstreamCurrRate`, "@DOWN@", "xsd:unsignedInt"],
    [`${dsl}UpstreamNoiseMargin`, "@MARGIN@", "xsd:int"],
    [`${dsl}DownstreamNoiseMargin`, "@MARGIN@", "xsd:int"],
    [`${dsl}UpstreamAttenuation`, "@ATTEN@", "xsd:int"],
    [`${dsl}DownstreamAttenuation`, "@ATTEN@", "xsd:int"],
    [`${ppp}Enable`, "true", "xsd:boolean", true],
    [`${ppp}ConnectionStatus`, "Connected"],
    [`${ppp}Username`, "@SUB@@isp.example", "xsd:string", true],
    [`${ppp}ExternalIPAddress`, "@IP@"],
    [`${ppp}RemoteIPAddress`, "80.10.0.1"],
    [`${ppp}DNSServers`, "80.10.246.2,80.10.246.129"],
    [`${ppp}MACAddress`, "@MAC@"],
    [`${ppp}Uptime`, "@UPTIME@", "xsd:unsignedInt"],
    [`${igd}LANDevice.1.LANHostConfigManagement.DHCPServerEnable`, "true", "xsd:boolean", true],
    [`${igd}LANDevice.1.LANHostConfigManagement.MinAddress`, "192.168.1.10", "xsd:string", true],
    [`${igd}LANDevice.1.LANHostConfigManagement.MaxAddress`, "192.168.1.200", "xsd:string", true],
    [`${igd}LANDevice.1.LANHostConfigManagement.IPInterface.1.IPInterfaceIPAddress`, "192.168.1.1"],
    [`${igd}LANDevice.1.LANEthernetInterfaceConfig.1.Status`, "Up"],
    [`${igd}LANDevice.1.LANEthernetInterfaceConfig.1.MACAddress`, "@MAC@"],
    [`${wlan}Enable`, "true", "xsd:boolean", true],
    [`${wlan}Status`, "Up"],
    [`${wlan}SSID`, "Vantage-@SSID@", "xsd:string", true],
    [`${wlan}Channel`, "@CHANNEL@", "xsd:unsignedInt", true],
    [`${wlan}AutoChannelEnable`, "true", "xsd:boolean", true],
    [`${wlan}BeaconType`, "11i", "xsd:string", true],
    [`${wlan}Standard`, "n"],
    [`${wlan}TotalAssociations`, "@HOSTS@", "xsd:unsignedInt"],
    [`${igd}LANDevice.1.Hosts.HostNumberOfEntries`, "@HOSTS@", "xsd:unsignedInt"],
    [`${igd}ManagementServer.ManageableDeviceNumberOfEntries`, "1", "xsd:unsignedInt"],
    [`${igd}IPPingDiagnostics.DiagnosticsState`, "None", "xsd:string", true],
    [`${igd}IPPingDiagnostics.Host`, "", "xsd:string", true],
    [`${igd}IPPingDiagnostics.NumberOfRepetitions`, "4", "xsd:unsignedInt", true],
  ];
  for (const p of ["LANDevice.1.", "WANDevice.1.", "LANDevice.1.WLANConfiguration.1.", "Time."])
    e.push([`${igd}${p}`, ""]);
  return e;
}

function stbEntries(): Entry[] {
  const stb = "Device.Services.STBService.1.";
  const e: Entry[] = [
    ["Device.RootDataModelVersion", "2.17"],
    ...deviceInfo("Device.", "IPTV set-top box"),
    ["Device.DeviceInfo.MemoryStatus.Total", "1048576", "xsd:unsignedInt"],
    ["Device.DeviceInfo.MemoryStatus.Free", "@FREE@", "xsd:unsignedInt"],
    ["Device.DeviceInfo.ProcessStatus.CPUUsage", "@CPU@", "xsd:unsignedInt"],
    ...managementServer("Device."),
    ["Device.GatewayInfo.ManufacturerOUI", "@GWOUI@"],
    ["Device.GatewayInfo.SerialNumber", "@GWSERIAL@"],
    ["Device.IP.Interface.1.Enable", "true", "xsd:boolean", true],
    ["Device.IP.Interface.1.Status", "Up"],
    ["Device.IP.Interface.1.IPv4Address.1.IPAddress", "@IP@"],
    ["Device.IP.Interface.1.IPv4Address.1.SubnetMask", "255.255.0.0"],
    ["Device.IP.Interface.1.IPv4Address.1.AddressingType", "DHCP"],
    ["Device.Ethernet.Interface.1.Status", "Up"],
    ["Device.Ethernet.Interface.1.MACAddress", "@MAC@"],
    ["Device.Ethernet.Interface.1.MaxBitRate", "1000", "xsd:int"],
    ["Device.IP.Diagnostics.IPPing.DiagnosticsState", "None", "xsd:string", true],
    ["Device.IP.Diagnostics.IPPing.Host", "", "xsd:string", true],
    ["Device.IP.Diagnostics.TraceRoute.DiagnosticsState", "None", "xsd:string", true],
    [`${stb}Enable`, "true", "xsd:boolean", true],
    [`${stb}Capabilities.MaxActiveAVStreams`, "2", "xsd:unsignedInt"],
    [`${stb}Capabilities.FrontEnd.IP.StreamingControlProtocols`, "IGMPv3,RTSP"],
    [`${stb}Capabilities.FrontEnd.IP.StreamingTransportProtocols`, "UDP,RTP,HTTP"],
    [`${stb}Capabilities.VideoDecoder.VideoStandards`, "MPEG2-Part2,MPEG4-Part10"],
    [`${stb}Capabilities.AudioDecoder.AudioStandards`, "MPEG1-Part3-Layer2,MPEG2-AAC-LC,DOLBY-AC3"],
    [`${stb}Components.FrontEnd.1.Enable`, "true", "xsd:boolean", true],
    [`${stb}Components.FrontEnd.1.Status`, "Enabled"],
    [`${stb}Components.FrontEnd.1.IP.IGMP.Enable`, "true", "xsd:boolean", true],
    [`${stb}Components.FrontEnd.1.IP.IGMP.Status`, "Enabled"],
    [`${stb}Components.FrontEnd.1.IP.IGMP.MaximumNumberOfConcurrentGroups`, "4", "xsd:unsignedInt"],
    [`${stb}Components.FrontEnd.1.IP.Inbound.1.StreamingControlProtocol`, "IGMP"],
    [`${stb}Components.FrontEnd.1.IP.Inbound.1.URI`, "igmp://239.1.1.@CHANNEL@:5000"],
    [`${stb}Components.HDMI.1.Enable`, "true", "xsd:boolean", true],
    [`${stb}Components.HDMI.1.Status`, "Enabled"],
    [`${stb}Components.HDMI.1.ResolutionMode`, "@RESMODE@", "xsd:string", true],
    [`${stb}Components.HDMI.1.ResolutionValue`, "@RES@", "xsd:string", true],
    [`${stb}Components.HDMI.1.DisplayDevice.Status`, "Present"],
    [`${stb}Components.HDMI.1.DisplayDevice.Name`, "@TV@"],
    [`${stb}Components.HDMI.1.DisplayDevice.PreferredResolution`, "@RES@"],
    [`${stb}Components.VideoDecoder.1.Status`, "Enabled"],
    [`${stb}Components.VideoDecoder.1.MPEG4Part10`, "MPEG4Part10.1"],
    [`${stb}Components.AudioDecoder.1.Status`, "Enabled"],
    [`${stb}Components.AudioOutput.1.AudioLevel`, "@VOLUME@", "xsd:unsignedInt", true],
    [`${stb}Components.AudioOutput.1.CancelMute`, "false", "xsd:boolean", true],
    [`${stb}AVPlayers.ActiveAVPlayerNumberOfEntries`, "1", "xsd:unsignedInt"],
    [`${stb}AVPlayers.PreferredAudioLanguage`, "@LANG@", "xsd:string", true],
    [`${stb}AVPlayers.PreferredSubtitlingLanguage`, "", "xsd:string", true],
    [`${stb}ServiceMonitoring.SampleEnable`, "false", "xsd:boolean", true],
    [`${stb}ServiceMonitoring.SampleInterval`, "900", "xsd:unsignedInt", true],
    [`${stb}ServiceMonitoring.ReportSamples`, "96", "xsd:unsignedInt", true],
    [`${stb}ServiceMonitoring.MainStream.1.Enable`, "true", "xsd:boolean", true],
    [`${stb}ServiceMonitoring.MainStream.1.ServiceType`, "IPTV", "xsd:string", true],
    [`${stb}Applications.AudienceStats.Enable`, "true", "xsd:boolean", true],
    [`${stb}Applications.AudienceStats.ChannelNumberOfEntries`, "@HOSTS@", "xsd:unsignedInt"],
    [`${stb}Applications.ServiceProvider.1.Name`, "Vantage TV"],
  ];
  for (const p of ["Device.DeviceInfo.", "Device.IP.Interface.1.", `${stb}Components.HDMI.1.`, stb])
    e.push([p, ""]);
  return e;
}

function deviceInfo(root: string, what: string): Entry[] {
  const di = `${root}DeviceInfo.`;
  return [
    [`${di}Manufacturer`, "@MAKER@"],
    [`${di}ManufacturerOUI`, "@OUI@"],
    [`${di}ModelName`, "@MODEL@"],
    [`${di}Description`, `@MAKER@ @MODEL@ ${what}`],
    [`${di}ProductClass`, "@PC@"],
    [`${di}SerialNumber`, "@SERIAL@"],
    [`${di}HardwareVersion`, "@HW@"],
    [`${di}SoftwareVersion`, "@SW@"],
    [`${di}ProvisioningCode`, "@SUB@", "xsd:string", true],
    [`${di}UpTime`, "@UPTIME@", "xsd:unsignedInt"],
  ];
}

function managementServer(root: string): Entry[] {
  const ms = `${root}ManagementServer.`;
  return [
    [`${ms}URL`, "https://acs.isp.example:7548/", "xsd:string", true],
    [`${ms}Username`, "@OUI@-@SERIAL@", "xsd:string", true],
    [`${ms}PeriodicInformEnable`, "true", "xsd:boolean", true],
    [`${ms}PeriodicInformInterval`, "@INTERVAL@", "xsd:unsignedInt", true],
    [`${ms}ConnectionRequestURL`, "http://@IP@:7547/@SERIAL@"],
    [`${ms}ConnectionRequestUsername`, "cr-@SERIAL@", "xsd:string", true],
    [`${ms}ParameterKey`, ""],
  ];
}

const VENDOR_TOKENS: Record<string, (v: VendorProfile) => string> = {
  MAKER: (v) => v.manufacturer,
  OUI: (v) => v.oui,
  PC: (v) => v.productClass,
  MODEL: (v) => v.modelName,
  HW: (v) => v.hardwareVersions[0] ?? "1.0",
};

/**
 * A vendor's shared part of the document: every entry whose value depends on the vendor alone, read
 * at bootstrap (`bootTs`). Entries with per-device tokens are left to `varying()`.
 */
function staticDocument(entries: Entry[], vendor: VendorProfile, bootTs: number): string {
  const doc: Record<string, object> = {};
  for (const [p, v, t = "xsd:string", w] of entries) {
    if ([...v.matchAll(/@(\w+)@/g)].some((m) => !(m[1]! in VENDOR_TOKENS))) continue;
    const value = v.replace(/@(\w+)@/g, (_, name: string) => VENDOR_TOKENS[name]!(vendor));
    doc[p] = p.endsWith(".")
      ? { w: false, ts: bootTs }
      : { v: value, t, ...(w !== undefined && { w }), ts: bootTs };
  }
  return JSON.stringify(doc);
}

/** SQL building the per-device entries (values from the row, read at the last inform). */
function varying(entries: Entry[], exprs: Record<string, string>): string {
  const pairs = entries
    .filter(([, v]) => [...v.matchAll(/@(\w+)@/g)].some((m) => !(m[1]! in VENDOR_TOKENS)))
    .map(([p, v, t = "xsd:string", w]) => {
      const parts = v
        .split(/@(\w+)@/)
        .map((part, i) => (i % 2 ? `(${exprs[part] ?? lit(part)})` : lit(part)));
      const value = parts.filter((x) => x !== "''").join(" || ") || "''";
      return `${lit(p)}, jsonb_build_object('v', ${value}, 't', ${lit(t)}${w === undefined ? "" : `, 'w', ${w}`}, 'ts', ts)`;
    });
  // jsonb_build_object takes at most 100 arguments: 50 entries per call.
  const calls: string[] = [];
  for (let i = 0; i < pairs.length; i += 50)
    calls.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(", ")})`);
  return calls.join(" || ");
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(",")}]`;
const arr2 = (xss: readonly (readonly string[])[]) => `ARRAY[${xss.map(arr).join(",")}]`;

/** The INSERT of devices [$1, $2] and their last informs; $3 is "now" (epoch ms). */
export function seedStatement(opts: { now?: number } = {}): string {
  const vendors = [...DNG_VENDORS, ...STB_VENDORS];
  const col = (f: (v: VendorProfile) => string) => `(${arr(vendors.map(f))})`;
  // Each token's SQL expression over the per-row values computed below.
  const values: Record<string, string> = {
    SERIAL: "serial",
    OUI: "oui",
    PC: "pc",
    MODEL: "model",
    MAKER: "maker",
    SW: "sw",
    HW: "hw",
    SUB: "sub",
    IP: "ip",
    MAC: "mac",
    UPTIME: "(r1 * 2000000)::int::text",
    INTERVAL: "ivl::text",
    SSID: "upper(to_hex(i))",
    CHANNEL: "(1 + i % 13)::text",
    HOSTS: "(i % 9)::text",
    BYTES: "(r2 * 4e9)::bigint::text",
    MODULATION: "CASE WHEN r3 < 0.6 THEN 'VDSL' ELSE 'ADSL_2plus' END",
    UP: "(600 + r3 * 39000)::int::text",
    DOWN: "(6000 + r3 * 94000)::int::text",
    MARGIN: "(60 + r1 * 80)::int::text",
    ATTEN: "(50 + r2 * 400)::int::text",
    FREE: "(200000 + r1 * 400000)::int::text",
    CPU: "(3 + r2 * 37)::int::text",
    GWOUI: "''",
    GWSERIAL: "''",
    RESMODE: "CASE WHEN r3 < 0.9 THEN 'Auto' ELSE 'Manual' END",
    RES: "CASE WHEN r2 < 0.55 THEN '1920x1080p50Hz' WHEN r2 < 0.85 THEN '3840x2160p50Hz' ELSE '1280x720p50Hz' END",
    TV: "(ARRAY['Samsung QE55','LG OLED65','Philips 50PUS','Sony KD-55','TCL 43P'])[1 + i % 5]",
    VOLUME: "(i % 100)::text",
    LANG: "CASE WHEN r1 < 0.8 THEN 'fra' ELSE 'eng' END",
  };
  const bootTs = (opts.now ?? Date.now()) - 90 * 86_400_000;
  const docs = (entries: Entry[], list: readonly VendorProfile[]) =>
    `(ARRAY[${vendors.map((v) => (list.includes(v) ? `${lit(staticDocument(entries, v, bootTs))}::jsonb` : "'{}'::jsonb")).join(", ")}])[vi]
      || ${varying(entries, values)}`;
  const skew =
    "CASE WHEN r2 < 0.5 THEN 1 WHEN r2 < 0.8 THEN 2 WHEN r2 < 0.92 THEN 3 WHEN r2 < 0.98 THEN 4 ELSE 5 END";
  return `
WITH base AS (
  SELECT i, (i % 5) IN (1, 2, 3) AS stb, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
  FROM generate_series($1::int, $2::int) AS i
), v AS (
  SELECT *, CASE WHEN stb THEN 4 ELSE 1 END + (i / 5) % 3 AS vi,
         CASE WHEN r3 < 0.2 THEN 300 WHEN r3 < 0.4 THEN 900 WHEN r3 < 0.95 THEN 3600 ELSE 86400 END AS ivl
  FROM base
), d AS (
  SELECT i, vi, stb, r1, r2, r3, ivl,
    ${col((v) => v.manufacturer)}[vi] AS maker, ${col((v) => v.oui)}[vi] AS oui, ${col((v) => v.productClass)}[vi] AS pc,
    ${col((v) => v.modelName)}[vi] AS model, ${col((v) => v.hardwareVersions[0] ?? "1.0")}[vi] AS hw,
    (${arr2(vendors.map(releases))})[vi][${skew}] AS sw,
    ${col((v) => v.serialPrefix)}[vi] || upper(lpad(to_hex((i::bigint * 2654435761) % 1099511627776), 10, '0')) AS serial,
    'A' || lpad(((i * 2) / 5)::text, 8, '0') AS sub,
    CASE WHEN stb THEN '10.' ELSE (80 + (i >> 16) % 16)::text || '.' END
      || CASE WHEN stb THEN ((i >> 16) % 256)::text || '.' ELSE '' END
      || ((i >> 8) % 256)::text || '.' || (i % 256)::text || CASE WHEN stb THEN '' ELSE '.' || (1 + i % 254)::text END AS ip,
    CASE WHEN r4 < 0.005 THEN NULL
         WHEN r4 < 0.08 THEN to_timestamp($3::bigint / 1000.0) - make_interval(secs => 2 * ivl + 60 + r5 * 60 * 86400)
         ELSE to_timestamp($3::bigint / 1000.0) - make_interval(secs => r5 * ivl) END AS li,
    ARRAY['region-' || (ARRAY['north','south','east','west','centre','coast','alps','capital'])[1 + (i / 13) % 8]]
      || CASE WHEN r1 < 0.03 THEN ARRAY['vip'] ELSE ARRAY[]::text[] END
      || CASE WHEN r5 < 0.01 THEN ARRAY['pilot-fw'] ELSE ARRAY[]::text[] END AS tags
  FROM v
), m AS (
  SELECT *, upper(substr(oui, 1, 2) || ':' || substr(oui, 3, 2) || ':' || substr(oui, 5, 2) || ':'
    || regexp_replace(lpad(to_hex(i % 16777216), 6, '0'), '(..)(..)(..)', '\\1:\\2:\\3')) AS mac,
    (extract(epoch from COALESCE(li, to_timestamp($3::bigint / 1000.0))) * 1000)::bigint AS ts
  FROM d
), device AS (
  INSERT INTO "Device" ("oui", "productClass", "serialNumber", "manufacturer", "kind", "rootObject", "modelName",
    "softwareVersion", "hardwareVersion", "ipAddress", "macAddress", "subscriberId", "tags", "periodicInformInterval",
    "gatewayOui", "gatewaySerialNumber", "parameters", "firstSeen")
  SELECT oui, pc, serial, maker, CASE WHEN stb THEN 'STB' ELSE 'GATEWAY' END::"DeviceKind",
    CASE WHEN stb THEN 'Device' ELSE 'InternetGatewayDevice' END, model, sw, hw, ip, mac, sub, tags, ivl,
    NULL, NULL,
    CASE WHEN stb THEN ${docs(stbEntries(), STB_VENDORS)} ELSE ${docs(gatewayEntries(), DNG_VENDORS)} END,
    COALESCE(li, to_timestamp($3::bigint / 1000.0)) - interval '90 days'
  FROM m
  RETURNING "id", "oui", "productClass", "serialNumber"
)
-- Each device's last inform in its own row, in the same transaction: the presence trigger, deferred to
-- the commit, then finds the row there and adds none.
INSERT INTO "DeviceLastInform" ("deviceId", "informedAt")
SELECT device."id", m.li FROM device
  JOIN m ON m.oui = device."oui" AND m.pc = device."productClass" AND m.serial = device."serialNumber"`;
}

export interface SeedOptions {
  count: number;
  /** First generated id (so several seeds can add to one table); default 1. */
  from?: number;
  batch?: number;
  rebuildIndexes?: boolean;
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Inserts `count` devices; returns the seconds spent inserting and rebuilding indexes. */
export async function seedDevices(
  client: pg.Client,
  opts: SeedOptions,
): Promise<{ insertS: number; indexS: number }> {
  const now = opts.now ?? Date.now();
  const sql = seedStatement({ now });
  const batch = opts.batch ?? 25_000;
  const from = opts.from ?? 1;
  const indexes = opts.rebuildIndexes
    ? (
        await client.query<{ name: string; def: string }>(
          `SELECT indexname AS name, indexdef AS def FROM pg_indexes
            WHERE tablename = 'Device' AND indexname NOT IN ('Device_pkey')`,
        )
      ).rows
    : [];
  for (const ix of indexes) await client.query(`DROP INDEX "${ix.name}"`);
  // Timestamps are computed as timestamptz and stored in "timestamp(3)" columns, which hold UTC.
  await client.query("SET TIME ZONE 'UTC'");
  const started = Date.now();
  for (let start = from; start < from + opts.count; start += batch) {
    const end = Math.min(from + opts.count - 1, start + batch - 1);
    await client.query(sql, [start, end, now]);
    opts.onProgress?.(end - from + 1, opts.count);
  }
  const inserted = Date.now();
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const ix of indexes) await client.query(ix.def);
  return { insertS: (inserted - started) / 1000, indexS: (Date.now() - inserted) / 1000 };
}

function databaseUrl(given: string | undefined): string {
  if (given) return given;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dir = process.env.DATA_DIR ?? "data";
  return readFileSync(path.join(dir, "db-url"), "utf8").trim();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "10000" },
      from: { type: "string" },
      url: { type: "string" },
      "rebuild-indexes": { type: "boolean", default: false },
    },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000)
    throw new Error("--count: 1 .. 10,000,000");
  const client = new pg.Client({ connectionString: databaseUrl(values.url) });
  await client.connect();
  try {
    const from = values.from
      ? Number(values.from)
      : 1 +
        Number(
          (await client.query<{ n: string }>(`SELECT COALESCE(max(id), 0) AS n FROM "Device"`)).rows[0]?.n ??
            0,
        );
    const took = await seedDevices(client, {
      count,
      from,
      rebuildIndexes: values["rebuild-indexes"],
      onProgress: (done, total) =>
        process.stdout.write(`\rseeded ${done.toLocaleString()} / ${total.toLocaleString()}`),
    });
    process.stdout.write(`\ninserted in ${took.insertS.toFixed(1)} s, indexes ${took.indexS.toFixed(1)} s\n`);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`seed-devices: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
