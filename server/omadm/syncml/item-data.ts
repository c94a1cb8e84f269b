// Item Data as bytes, whatever form it arrived in. WBXML OPAQUE that is valid UTF-8 reads as text
// (libwbxml writes ordinary Data as OPAQUE), and XML can only carry binary as base64, so a consumer
// that needs bytes (a FUMO PkgData large object, Format bin or b64) asks here instead of guessing.
import type { Item } from "./types";

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/**
 * The item's data as bytes: binary data as is; Format b64 text decoded (undefined when it is not
 * base64); any other text as its UTF-8 bytes; undefined without data.
 */
export function itemBytes(item: Item): Uint8Array | undefined {
  const data = item.data;
  if (data === undefined) return undefined;
  if (typeof data !== "string") return data;
  if (item.meta?.format === "b64") {
    if (!BASE64.test(data)) return undefined;
    return new Uint8Array(Buffer.from(data.replace(/\s+/g, ""), "base64"));
  }
  return new TextEncoder().encode(data);
}

/** The item's data as text: text as is, bytes decoded as UTF-8 (invalid sequences replaced). */
export function itemText(item: Item): string | undefined {
  const data = item.data;
  if (data === undefined || typeof data === "string") return data;
  return new TextDecoder("utf-8").decode(data);
}
