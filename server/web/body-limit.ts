// Request-body cap for the console, enforced by the custom server before Next or tRPC parse anything:
// a declared Content-Length over the cap is refused at once, and a chunked body is counted as it
// streams past (observed, not copied: Next still reads the one stream) and cut off when it passes it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { settings } from "../env";

/** Default cap for one console request body (WEB_MAX_BODY_BYTES). */
export const DEFAULT_WEB_MAX_BODY_BYTES = 1024 * 1024;

/** The console's image upload (app/api/firmware/images): a raw body up to FIRMWARE_MAX_BYTES. */
export const IMAGE_UPLOAD_PATH = "/api/firmware/images";
/** The REST API's image upload and CSV imports: raw bodies, each route counting its own cap too. */
const API_IMAGE_UPLOAD_PATH = "/api/v1/firmware/images/upload";
const API_CSV_IMPORT_PATHS: ReadonlySet<string> = new Set([
  "/api/v1/topology/import",
  "/api/v1/channels/import",
  "/api/v1/audience/opt-outs/import",
]);

/**
 * tRPC procedures whose input is legitimately larger than the default cap, with their own cap. A
 * data-model import carries up to MAX_IMPORT_BYTES of XML, which grows when JSON-escaped.
 */
export function bodyLimitFor(
  url: string,
  base: number,
  largeUploadBytes: number,
  imageUploadBytes?: number,
): number {
  const path = url.split("?")[0] ?? "";
  // The software store's upload streams to disk (server/firmware/images/ingest.ts counts it too).
  if (path === IMAGE_UPLOAD_PATH || path === API_IMAGE_UPLOAD_PATH)
    return Math.max(base, imageUploadBytes ?? settings().FIRMWARE_MAX_BYTES);
  if (API_CSV_IMPORT_PATHS.has(path)) return Math.max(base, largeUploadBytes);
  const prefix = "/api/trpc/";
  if (!path.startsWith(prefix)) return base;
  // A batched call names its procedures comma-separated; the larger cap only when all of them may have it.
  let procedures: string[];
  try {
    procedures = decodeURIComponent(path.slice(prefix.length)).split(",");
  } catch {
    return base; // malformed escapes: tRPC refuses the call anyway
  }
  return procedures.every((p) => p === "datamodel.import") ? Math.max(base, largeUploadBytes) : base;
}

function refuse(req: IncomingMessage, res: ServerResponse, limit: number): void {
  // Next may still try to answer a request whose body was cut off; that write must not crash the process.
  res.on("error", () => undefined);
  if (res.headersSent) {
    req.destroy();
    return;
  }
  // The rest of the body is never read: close the connection once the refusal is on the wire.
  res.once("finish", () => req.destroy());
  res
    .writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" })
    .end(`Request body larger than ${limit} bytes\n`);
}

/**
 * Apply the cap to one request. Returns false when it was refused before any handler ran; otherwise
 * the request may go on, and is refused mid-stream if a chunked body grows past the cap.
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    // Node's parser holds a body to its declared length, so a declared length within the cap is enough.
    if (!/^\d+$/.test(declared) || Number(declared) > limit) {
      refuse(req, res, limit);
      return false;
    }
    return true;
  }
  if (req.headers["transfer-encoding"] === undefined) return true;
  let seen = 0;
  const count = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > limit) {
      req.off("data", count);
      refuse(req, res, limit);
    }
  };
  // Paused first so this listener only watches: the stream flows when Next's reader pulls it, and each
  // chunk Next reads is emitted to this listener too.
  req.pause();
  req.on("data", count);
  return true;
}
