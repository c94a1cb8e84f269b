// TR-181 BulkData JSON encoding (TR-069 Annex N.3.5): {"Report": [ {...}, ... ]}, each report either
// NameValuePair ({"CollectionTime": t, "Device.X.1.Y": v}) or ObjectHierarchy ({"CollectionTime": t,
// "Device": {"X": {"1": {"Y": v}}}}). Both flatten the same way (keys joined by "."), so the
// BBF-Report-Format header is not needed to read a body; values are JSON strings, numbers or booleans.
import { MAX_REPORTS, ReportError, addValue, parseTimestamp, type BulkReport } from "./report";

const MAX_DEPTH = 32;

export function decodeJson(text: string): BulkReport[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ReportError(400, "body is not JSON");
  }
  if (!isObject(body) || !Array.isArray(body.Report)) throw new ReportError(400, 'no "Report" array');
  if (body.Report.length > MAX_REPORTS) throw new ReportError(413, "too many reports");
  const count = { n: 0 };
  return body.Report.map((entry: unknown) => {
    if (!isObject(entry)) throw new ReportError(400, "a report is not an object");
    const report: BulkReport = { collectionTime: parseTimestamp(entry.CollectionTime), values: new Map() };
    for (const [key, value] of Object.entries(entry)) {
      if (key === "CollectionTime") continue;
      flatten(report, key, value, 0, count);
    }
    return report;
  });
}

function flatten(
  report: BulkReport,
  name: string,
  value: unknown,
  depth: number,
  count: { n: number },
): void {
  if (depth > MAX_DEPTH) throw new ReportError(400, "nesting too deep");
  if (typeof value === "string") return addValue(report, name, value, count);
  if (typeof value === "boolean") return addValue(report, name, String(value), count);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ReportError(400, `${name}: not a number`);
    return addValue(report, name, Number.isInteger(value) ? value.toFixed(0) : String(value), count);
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    // An object with no parameters is still an object of the hierarchy: nothing to store.
    for (const [key, child] of entries) {
      if (key === "" || key.includes(".")) throw new ReportError(400, "invalid object hierarchy key");
      flatten(report, `${name}.${key}`, child, depth + 1, count);
    }
    return;
  }
  throw new ReportError(400, `${name}: unsupported value type`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
