// Body -> reports, by media type: application/json or text/csv (the BBF-Report-Format header names the
// layout; the body is decoded without it when absent). The text must be UTF-8.
import { decodeCsv } from "./codec-csv";
import { decodeJson } from "./codec-json";
import { checkReports } from "./check";
import { ReportError, type BulkReport } from "./report";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeReports(
  body: Buffer,
  contentType: string | undefined,
  reportFormat: string | undefined,
): BulkReport[] {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new ReportError(400, "body is not UTF-8");
  }
  const format = (reportFormat ?? "").trim();
  let reports: BulkReport[];
  if (type === "application/json") reports = decodeJson(text);
  else if (type === "text/csv" || type === "application/csv")
    reports = decodeCsv(
      text,
      format === "ParameterPerRow" || format === "ParameterPerColumn" ? format : null,
    );
  else throw new ReportError(415, `unsupported Content-Type ${type || "(none)"}`);
  checkReports(reports);
  return reports;
}
