// TR-181 BulkData CSV encoding (TR-069 Annex N.3.4), header row present:
//   ParameterPerRow:    ReportTimestamp,ParameterName,ParameterValue,ParameterType  (one row per value;
//                       rows sharing a timestamp form one report)
//   ParameterPerColumn: ReportTimestamp,<name>,<name>...  (one row per report)
// ReportTimestamp is absent with RowTimestamp None. FieldSeparator, RowSeparator and EscapeCharacter are
// the profile's: the collector does not know them, so it reads the field separator off the header, takes
// CR LF or LF (or a lone CR) as row separators, and the escape character `"` around fields that hold
// either separator (a doubled escape inside is one).
import { MAX_REPORTS, ReportError, addValue, parseTimestamp, type BulkReport } from "./report";

export type CsvFormat = "ParameterPerRow" | "ParameterPerColumn";

const NAME_CHAR = /[A-Za-z0-9_.{}*-]/;

/** The header's field separator: the first character that cannot be part of a name. */
function fieldSeparator(text: string): string {
  for (const ch of text) {
    if (ch === "\r" || ch === "\n") break;
    if (!NAME_CHAR.test(ch) && ch !== '"') return ch;
  }
  return ",";
}

export function splitCsv(text: string, sep: string, quote = '"'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === quote && text[i + 1] === quote) {
        field += quote;
        i += 2;
        continue;
      }
      if (ch === quote) quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === quote && field === "") quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = "";
    } else if (ch === "\r" || ch === "\n") {
      endRow();
      if (ch === "\r" && text[i + 1] === "\n") i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new ReportError(400, "unterminated escaped field");
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

export function decodeCsv(text: string, format: CsvFormat | null): BulkReport[] {
  const rows = splitCsv(text, fieldSeparator(text));
  const header = rows.shift();
  if (!header || header.length === 0) throw new ReportError(400, "empty CSV report");
  const perRow = format === "ParameterPerRow" || (format === null && header.includes("ParameterName"));
  return perRow ? perRowReports(header, rows) : perColumnReports(header, rows);
}

function perRowReports(header: string[], rows: string[][]): BulkReport[] {
  const at = (name: string) => header.indexOf(name);
  const [iTime, iName, iValue] = [at("ReportTimestamp"), at("ParameterName"), at("ParameterValue")];
  if (iName < 0 || iValue < 0) throw new ReportError(400, "ParameterPerRow header lacks ParameterName/Value");
  const byTime = new Map<string, BulkReport>();
  const count = { n: 0 };
  for (const row of rows) {
    if (row.length !== header.length) throw new ReportError(400, "a row has the wrong number of fields");
    const stamp = iTime >= 0 ? row[iTime]! : "";
    let report = byTime.get(stamp);
    if (!report) {
      if (byTime.size >= MAX_REPORTS) throw new ReportError(413, "too many reports");
      report = { collectionTime: parseTimestamp(stamp), values: new Map() };
      byTime.set(stamp, report);
    }
    addValue(report, row[iName]!, row[iValue]!, count);
  }
  return [...byTime.values()];
}

function perColumnReports(header: string[], rows: string[][]): BulkReport[] {
  const iTime = header.indexOf("ReportTimestamp");
  if (header.some((h, i) => i !== iTime && (h === "" || !/^[A-Za-z]/.test(h))))
    throw new ReportError(400, "ParameterPerColumn header has an invalid name");
  if (rows.length > MAX_REPORTS) throw new ReportError(413, "too many reports");
  const count = { n: 0 };
  return rows.map((row) => {
    if (row.length !== header.length) throw new ReportError(400, "a row has the wrong number of fields");
    const report: BulkReport = {
      collectionTime: iTime >= 0 ? parseTimestamp(row[iTime]) : null,
      values: new Map(),
    };
    header.forEach((name, i) => {
      if (i !== iTime) addValue(report, name, row[i]!, count);
    });
    return report;
  });
}
