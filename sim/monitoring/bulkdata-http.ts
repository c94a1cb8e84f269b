// One BulkData HTTP request as a TR-181 CPE builds it from its Profile: the collector URL (loopback
// only in the simulator) with RequestURIParameter query values, the encoded reports (JSON or CSV,
// gzip when HTTP.Compression is GZIP), Content-Type, BBF-Report-Format and Date headers.
import http from "node:http";
import https from "node:https";
import { gzipSync } from "node:zlib";
import type { ParamTree } from "../param-tree";
import { encodeCsv, encodeJson, type CollectedReport } from "./bulkdata-report";

const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

export interface BulkRequest {
  url: URL;
  method: "POST" | "PUT";
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

/** The request for `reports` on profile `p`; "invalid" (no usable URL) or "refused" (not loopback). */
export function buildRequest(
  t: ParamTree,
  p: string,
  reports: CollectedReport[],
): BulkRequest | "invalid" | "refused" {
  let url: URL;
  try {
    url = new URL(t.get(`${p}HTTP.URL`) ?? "");
  } catch {
    return "invalid";
  }
  if (!LOOPBACK.has(url.hostname) || !/^https?:$/.test(url.protocol)) {
    return "refused";
  }
  for (const n of t.instances(`${p}HTTP.RequestURIParameter.`)) {
    const q = `${p}HTTP.RequestURIParameter.${n}.`;
    const name = t.get(`${q}Name`) ?? "";
    const ref = t.get(`${q}Reference`) ?? "";
    const hidden = t.params.get(ref)?.facts.h;
    if (name) url.searchParams.append(name, hidden ? "" : (t.get(ref) ?? ""));
  }
  const json = t.get(`${p}EncodingType`) === "JSON";
  const format = json
    ? (t.get(`${p}JSONEncoding.ReportFormat`) ?? "ObjectHierarchy")
    : (t.get(`${p}CSVEncoding.ReportFormat`) ?? "ParameterPerColumn");
  const text = json
    ? encodeJson(reports, format, t.get(`${p}JSONEncoding.ReportTimestamp`) ?? "Unix-Epoch")
    : encodeCsv(reports, {
        fieldSeparator: t.get(`${p}CSVEncoding.FieldSeparator`) ?? ",",
        rowSeparator: t.get(`${p}CSVEncoding.RowSeparator`) ?? "\n",
        escapeCharacter: t.get(`${p}CSVEncoding.EscapeCharacter`) ?? '"',
        reportFormat: format,
        rowTimestamp: t.get(`${p}CSVEncoding.RowTimestamp`) ?? "Unix-Epoch",
      });
  const gzip = t.get(`${p}HTTP.Compression`) === "GZIP";
  const body = gzip ? gzipSync(text) : Buffer.from(text, "utf8");
  const headers: http.OutgoingHttpHeaders = {
    "content-type": json ? "application/json; charset=UTF-8" : "text/csv; charset=UTF-8",
    "bbf-report-format": format,
    "content-length": body.length,
  };
  if (gzip) headers["content-encoding"] = "gzip";
  if (t.get(`${p}HTTP.UseDateHeader`) !== "false") headers.date = new Date().toUTCString();
  const method = t.get(`${p}HTTP.Method`) === "PUT" ? "PUT" : "POST";
  return { url, method, headers, body };
}

export function send(
  url: URL,
  method: string,
  headers: http.OutgoingHttpHeaders,
  body: Buffer,
  authorization: string | undefined,
): Promise<{ code: number; challenge: string }> {
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method,
        headers: authorization ? { ...headers, authorization } : headers,
        timeout: 15_000,
        // Loopback only: a test collector's self-signed certificate is accepted.
        rejectUnauthorized: false,
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ code: res.statusCode ?? 0, challenge: String(res.headers["www-authenticate"] ?? "") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("collector did not answer in time")));
    req.on("error", reject);
    req.end(body);
  });
}
