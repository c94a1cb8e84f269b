// The request body, bounded before and after decompression: BULKDATA_MAX_BODY_BYTES on the wire and
// again on what gzip/deflate inflate to (a zip bomb is a 413, never a full inflate into memory).
import type http from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { ReportError } from "./report";

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);

export function readRaw(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes)
    return Promise.reject(new ReportError(413, "body too large"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      req.removeAllListeners("data");
      req.resume();
      reject(error);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(new ReportError(413, "body too large"));
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks, size)));
    req.once("error", (err) => reject(err));
  });
}

/** Decodes Content-Encoding (gzip, deflate, identity); anything else is a 415. */
export async function decodeBody(
  raw: Buffer,
  encoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const e = (encoding ?? "identity").trim().toLowerCase();
  if (e === "identity" || e === "") return raw;
  const options = { maxOutputLength: maxBytes };
  try {
    if (e === "gzip" || e === "x-gzip") return await gunzip(raw, options);
    // "deflate" is zlib-wrapped per HTTP; some agents send it raw.
    if (e === "deflate") return await inflate(raw, options).catch(() => inflateRaw(raw, options));
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError)
      throw new ReportError(413, "body too large once decompressed");
    throw new ReportError(400, "body cannot be decompressed");
  }
  throw new ReportError(415, `unsupported Content-Encoding ${e}`);
}
