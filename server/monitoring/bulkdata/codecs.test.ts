import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBody } from "./body";
import { decodeCsv, splitCsv } from "./codec-csv";
import { decodeJson } from "./codec-json";
import { decodeReports } from "./decode";
import { ReportError, parseTimestamp } from "./report";

const status = (fn: () => unknown): number | "ok" => {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (e instanceof ReportError) return e.status;
    throw e;
  }
};

// The TR-069 Annex N examples (MoCA interface statistics), as the XML descriptions point to them.
const NVP = `{
 "Report": [
  {
   "CollectionTime": 1364529149,
   "Device.MoCA.Interface.1.Stats.BroadPktSent": 25248,
   "Device.MoCA.Interface.1.Stats.BytesReceived": 200543250,
   "Device.MoCA.Interface.1.Stats.Name": "moca0",
   "Device.MoCA.Interface.1.Enable": true
  },
  {
   "CollectionTime": 1364529749,
   "Device.MoCA.Interface.1.Stats.BroadPktSent": 25249
  }
 ]
}`;

const HIERARCHY = `{"Report":[{"CollectionTime":1364529149,"Device":{"MoCA":{"Interface":{"1":{"Stats":{
 "BroadPktSent":25248,"BytesReceived":200543250}}}}}}]}`;

describe("JSON encoding", () => {
  it("decodes NameValuePair reports (several retained in one body)", () => {
    const reports = decodeJson(NVP);
    expect(reports).toHaveLength(2);
    expect(reports[0]!.collectionTime).toBe(1_364_529_149_000);
    expect(reports[0]!.values.get("Device.MoCA.Interface.1.Stats.BytesReceived")).toBe("200543250");
    expect(reports[0]!.values.get("Device.MoCA.Interface.1.Enable")).toBe("true");
    expect(reports[1]!.values.get("Device.MoCA.Interface.1.Stats.BroadPktSent")).toBe("25249");
  });

  it("decodes ObjectHierarchy to the same paths", () => {
    const [r] = decodeJson(HIERARCHY);
    expect([...r!.values]).toEqual([
      ["Device.MoCA.Interface.1.Stats.BroadPktSent", "25248"],
      ["Device.MoCA.Interface.1.Stats.BytesReceived", "200543250"],
    ]);
  });

  it("takes Unix-Epoch in ms or s, ISO-8601, None, and an uptime as no absolute time", () => {
    expect(parseTimestamp(1_764_680_000_000)).toBe(1_764_680_000_000);
    expect(parseTimestamp(1_764_680_000)).toBe(1_764_680_000_000);
    expect(parseTimestamp("2026-12-02T12:00:00Z")).toBe(Date.UTC(2026, 11, 2, 12));
    expect(parseTimestamp(undefined)).toBeNull();
    expect(parseTimestamp(3600)).toBeNull();
    expect(status(() => parseTimestamp("yesterday"))).toBe(400);
  });

  it("refuses malformed bodies whole", () => {
    for (const bad of [
      "{",
      "[]",
      `{"Report": {}}`,
      `{"Report": [1]}`,
      `{"Report": [{"Device.X": [1, 2]}]}`,
      `{"Report": [{"Device.X": null}]}`,
      `{"Report": [{"Device": {"a.b": 1}}]}`,
      `{"Report": [{"CollectionTime": "soon"}]}`,
    ])
      expect(
        status(() => decodeJson(bad)),
        bad,
      ).toBe(400);
  });
});

describe("CSV encoding", () => {
  it("decodes ParameterPerRow (rows sharing a timestamp are one report)", () => {
    const text = [
      "ReportTimestamp,ParameterName,ParameterValue,ParameterType",
      "1364529149,Device.MoCA.Interface.1.Stats.BroadPktSent,25248,unsignedLong",
      "1364529149,Device.MoCA.Interface.1.Stats.BytesReceived,200543250,unsignedLong",
      '1364529749,Device.Services.STBService.1.ServiceMonitoring.MainStream.1.Sample.SampleSeconds,"300,300",string',
    ].join("\r\n");
    const reports = decodeCsv(text, "ParameterPerRow");
    expect(reports).toHaveLength(2);
    expect(reports[0]!.values.size).toBe(2);
    expect(
      reports[1]!.values.get(
        "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.Sample.SampleSeconds",
      ),
    ).toBe("300,300");
  });

  it("decodes ParameterPerColumn, one report per row, with another field separator and LF rows", () => {
    const text = [
      "ReportTimestamp;Device.MoCA.Interface.1.Stats.BroadPktSent;Device.MoCA.Interface.1.Stats.BytesReceived",
      "1364529149;25248;200543250",
      "1364529749;25249;200553250",
      "",
    ].join("\n");
    const reports = decodeCsv(text, null);
    expect(reports.map((r) => r.collectionTime)).toEqual([1_364_529_149_000, 1_364_529_749_000]);
    expect(reports[1]!.values.get("Device.MoCA.Interface.1.Stats.BytesReceived")).toBe("200553250");
  });

  it("reads escaped fields with doubled escape characters", () => {
    expect(splitCsv('a,"b,""c""",d\r\n', ",")).toEqual([["a", 'b,"c"', "d"]]);
  });

  it("refuses rows of the wrong width, bad timestamps and unterminated fields", () => {
    expect(status(() => decodeCsv("ReportTimestamp,Device.A\n1364529149,1,2\n", null))).toBe(400);
    expect(status(() => decodeCsv("ReportTimestamp,Device.A\nnever,1\n", null))).toBe(400);
    expect(status(() => decodeCsv('ReportTimestamp,Device.A\n1364529149,"1\n', null))).toBe(400);
    expect(status(() => decodeCsv("", null))).toBe(400);
  });
});

describe("decodeReports", () => {
  const stb = "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.";
  it("refuses numbers the collector would use that are not numbers", () => {
    const body = (v: unknown) =>
      Buffer.from(JSON.stringify({ Report: [{ [`${stb}Total.RTPStats.PacketsLost`]: v }] }));
    expect(status(() => decodeReports(body(12), "application/json", "NameValuePair"))).toBe("ok");
    expect(status(() => decodeReports(body("12x"), "application/json", undefined))).toBe(400);
    expect(status(() => decodeReports(body(-4), "application/json", undefined))).toBe(400);
    const list = Buffer.from(JSON.stringify({ Report: [{ [`${stb}Sample.SampleSeconds`]: "300,x" }] }));
    expect(status(() => decodeReports(list, "application/json", undefined))).toBe(400);
  });
  it("refuses other media types and non-UTF-8 text", () => {
    expect(status(() => decodeReports(Buffer.from("<x/>"), "application/xml", undefined))).toBe(415);
    expect(status(() => decodeReports(Buffer.from([0xff, 0xfe]), "application/json", undefined))).toBe(400);
  });
});

describe("decodeBody", () => {
  it("inflates gzip within the bound and refuses a zip bomb with 413", async () => {
    const text = Buffer.from(NVP);
    expect((await decodeBody(gzipSync(text), "gzip", 1_000_000)).toString()).toBe(NVP);
    const bomb = gzipSync(Buffer.alloc(10_000_000));
    expect(bomb.length).toBeLessThan(100_000);
    await expect(decodeBody(bomb, "gzip", 1_000_000)).rejects.toMatchObject({ status: 413 });
    await expect(decodeBody(Buffer.from("not gzip"), "gzip", 1_000_000)).rejects.toMatchObject({
      status: 400,
    });
    await expect(decodeBody(text, "br", 1_000_000)).rejects.toMatchObject({ status: 415 });
  });
});

// What the simulator's CPEs send (sim/monitoring/bulkdata-report.ts, written from the same standard by
// another hand): every encoding and timestamp option decodes to the values it was given.
describe("simulator encodings", () => {
  const at = Date.UTC(2026, 11, 2, 12, 0, 0);
  const values = [
    { name: "Device.DeviceInfo.UpTime", value: "86400", type: "unsignedInt" },
    {
      name: "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.Sample.SampleSeconds",
      value: "300,300",
      type: "string",
    },
    {
      name: "Device.Services.STBService.1.AVStreams.AVStream.1.Name",
      value: 'News "24", HD',
      type: "string",
    },
    {
      name: "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.Enable",
      value: "true",
      type: "boolean",
    },
  ];
  const reports = [
    { at, values },
    { at: at + 900_000, values },
  ];
  const expectDecoded = (
    decoded: { collectionTime: number | null; values: Map<string, string> }[],
    time: boolean,
  ) => {
    expect(decoded).toHaveLength(2);
    expect(decoded[0]!.collectionTime).toBe(time ? at : null);
    for (const v of values) expect(decoded[1]!.values.get(v.name)).toBe(v.value);
  };

  it.each(["NameValuePair", "ObjectHierarchy"])("JSON %s", async (format) => {
    const { encodeJson } = await import("../../../sim/monitoring/bulkdata-report");
    for (const ts of ["Unix-Epoch", "ISO-8601", "None"]) {
      const body = Buffer.from(encodeJson(reports, format, ts));
      expectDecoded(decodeReports(body, "application/json; charset=UTF-8", format), ts !== "None");
    }
  });

  it.each(["ParameterPerRow", "ParameterPerColumn"])("CSV %s", async (reportFormat) => {
    const { encodeCsv } = await import("../../../sim/monitoring/bulkdata-report");
    for (const [fieldSeparator, rowSeparator] of [
      [",", "&#13;&#10;"],
      [";", "&#10;"],
    ] as const) {
      const body = encodeCsv(reports, {
        fieldSeparator,
        rowSeparator,
        escapeCharacter: '"',
        reportFormat,
        rowTimestamp: "Unix-Epoch",
      });
      expectDecoded(
        decodeReports(Buffer.from(body), "text/csv; charset=UTF-8; header=present", reportFormat),
        true,
      );
    }
  });
});
