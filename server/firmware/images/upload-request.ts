// The console's upload request, checked before a byte of the body is read: same origin (a page of
// another site must not push images with the operator's cookie), the metadata header, the signature
// header. Kept apart from the route handler so it is testable without Next.
import { settings } from "../../env";
import { AppError } from "../../core/app-error";

export const META_HEADER = "x-image-meta";
export const SIGNATURE_HEADER = "x-image-signature";

/** Origin (browsers send it on every POST) must name this console: the Host it was reached at or PUBLIC_URL. */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (!origin) return headers.get("sec-fetch-site") === "same-origin";
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const publicUrl = settings().PUBLIC_URL;
  if (publicUrl && new URL(publicUrl).host === host) return true;
  return host === headers.get("host");
}

/** x-image-meta: base64url of the JSON metadata (headers carry no raw UTF-8 or newlines). */
export function readMetaHeader(headers: Headers): unknown {
  const raw = headers.get(META_HEADER);
  if (!raw)
    throw new AppError("invalid_input", `Missing the ${META_HEADER} header (base64url JSON metadata)`);
  if (raw.length > 64 * 1024 || !/^[A-Za-z0-9_-]+=*$/.test(raw))
    throw new AppError("invalid_input", `${META_HEADER} is not base64url`);
  try {
    return JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
  } catch {
    throw new AppError("invalid_input", `${META_HEADER} is not base64url of a JSON object`);
  }
}

/** x-image-signature: base64 text of the detached signature; absent or empty = unsigned. */
export function readSignatureHeader(headers: Headers): string | null {
  const raw = headers.get(SIGNATURE_HEADER)?.trim() ?? "";
  if (raw === "") return null;
  if (raw.length > 8192 || !/^[A-Za-z0-9+/=]+$/.test(raw))
    throw new AppError("invalid_input", `${SIGNATURE_HEADER} is not base64`);
  return raw;
}

/** Content-Length as a number, when declared and well-formed. */
export function declaredLength(headers: Headers): number | undefined {
  const raw = headers.get("content-length");
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** A web ReadableStream (a route handler's request.body) as the async iterable ingestImage reads. */
export async function* webChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopping early (too large, refused): cancel, so the runtime stops reading the socket.
    await reader.cancel().catch(() => undefined);
  }
}
