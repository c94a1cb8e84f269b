// The request body of a northbound call, read once with the console's cap (WEB_MAX_BODY_BYTES) counted
// as it streams: a body over the cap is never buffered past it.
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export function hasBody(method: string): boolean {
  return BODY_METHODS.has(method);
}

/** The body as text, or null when it is over `limit` bytes. */
export async function readCapped(req: Request, limit: number): Promise<string | null> {
  const declared = req.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > limit)) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The same request with its body as read; an empty body is an empty JSON object. */
export function withBody(req: Request, text: string): Request {
  const headers = new Headers(req.headers);
  const empty = text.trim() === "";
  if (empty) headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Request(req.url, { method: req.method, headers, body: empty ? "{}" : text });
}
