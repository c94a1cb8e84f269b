// A report's numbers are checked before anything is stored: a value the collector would use that is
// not what the data model says (a counter that is not an unsignedInt, a Sample list with garbage, a
// dateTime that is not one) refuses the whole report. Parameters the collector does not use pass as is.
import { STREAM_COUNTER_PARAMS } from "../collect/stream-map";
import { parseCount, parseInteger } from "../collect/values";
import { ReportError, type BulkReport } from "./report";

const STREAM = String.raw`^(Device|InternetGatewayDevice)\.Services\.STBService\.\d+\.ServiceMonitoring\.`;
const RAW = STREAM_COUNTER_PARAMS.map(([raw]) => raw.replace(".", String.raw`\.`)).join("|");
const UINT_PATHS = [
  new RegExp(`${STREAM}MainStream\\.\\d+\\.Total\\.(TotalSeconds|ResetTime|${RAW})$`),
  new RegExp(`${STREAM}SampleInterval$`),
  /\.IGMP\.ClientGroupStats\.\d+\.(Total|CurrentDay|QuarterHour)\.MaxJoinDelay$/,
  /\.DeviceInfo\.UpTime$/,
  /^InternetGatewayDevice\.WANDevice\.\d+\.WANDSLInterfaceConfig\.(Stats\.Total\.\w+|TotalStart|ShowtimeStart|(Up|Down)streamCurrRate)$/,
  /^Device\.DSL\.(Line|Channel)\.\d+\.(Stats\.Total\.\w+|Stats\.(TotalStart|ShowtimeStart|BytesSent|BytesReceived)|(Up|Down)streamCurrRate)$/,
];
const INT_PATHS = [/\.(Up|Down)stream(NoiseMargin|Attenuation)$/];
const LIST_PATHS = [new RegExp(`${STREAM}MainStream\\.\\d+\\.Sample\\.(SampleSeconds|${RAW})$`)];
const ZAP_LIST = new RegExp(
  `${STREAM}MainStream\\.\\d+\\.Sample\\.VideoResponseStats\\.VideoSystemResponse$`,
);
const DATE_TIME = new RegExp(`${STREAM}Report(Start|End)Time$`);

function problem(name: string, value: string): string | null {
  const v = value.trim();
  if (UINT_PATHS.some((r) => r.test(name)))
    return v === "" || parseCount(v) !== null ? null : "not an unsignedInt";
  if (INT_PATHS.some((r) => r.test(name))) return v === "" || parseInteger(v) !== null ? null : "not an int";
  if (LIST_PATHS.some((r) => r.test(name)))
    return v.split(",").every((e) => e.trim() === "" || parseCount(e) !== null)
      ? null
      : "not a list of unsignedInt";
  if (ZAP_LIST.test(name)) return /^[\d:,\s]*$/.test(v) ? null : "not a VideoSystemResponse list";
  if (DATE_TIME.test(name))
    return v === "" || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v)
      ? null
      : "not a dateTime";
  return null;
}

export function checkReports(reports: readonly BulkReport[]): void {
  for (const report of reports)
    for (const [name, value] of report.values) {
      const p = problem(name, value);
      if (p) throw new ReportError(400, `${name}: ${p}`);
    }
}
