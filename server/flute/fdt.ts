// FDT Instances (RFC 6726 §3.4.2, RFC 3926 §3.4.2): the XML that maps a TOI to a file and its
// attributes, sent as object TOI 0 with EXT_FDT. Writer and hardened reader (server/cwmp/xml: size,
// depth and element limits, no DTD), the NTP `Expires` arithmetic, and FDT Instance ID allocation.
// (No "server-only": shared by the sender's worker and the simulator's receiver.)
import { parseXml, XmlError, type XmlElement } from "../cwmp/xml";
import { fail, type Decoded } from "./lct";
import type { FluteVersion } from "./types";

export const FDT_NAMESPACE: Record<FluteVersion, string> = {
  1: "urn:IETF:metadata:2005:FLUTE:FDT",
  2: "urn:ietf:params:xml:ns:fdt",
};
export const MAX_FDT_BYTES = 64 * 1024;
const FDT_LIMITS = { maxBytes: MAX_FDT_BYTES, maxDepth: 8, maxElements: 1_000 };
export const MAX_FDT_INSTANCE_ID = 0xfffff;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2_208_988_800;
const NTP_ERA = 2 ** 32;

export interface FdtFile {
  contentLocation: string;
  toi: number;
  contentLength?: number;
  transferLength?: number;
  contentType?: string;
  contentEncoding?: string;
  /** base64 MD5 of the content. */
  contentMd5?: string;
  fecEncodingId?: number;
  maxSourceBlockLength?: number;
  encodingSymbolLength?: number;
}

export interface FdtInstance {
  /** Unix milliseconds. */
  expires: number;
  complete?: boolean;
  files: FdtFile[];
  /** Namespace the document used ("" when none). */
  namespace: string;
}

/** `Expires` value: the 32 most significant bits of NTP time, in decimal. */
export function toNtpSeconds(unixMs: number): number {
  return (Math.floor(unixMs / 1000) + NTP_UNIX_OFFSET) % NTP_ERA;
}

/** Reads an NTP seconds value in the 136-year era closest to `nowMs` (RFC 6726 §3.4.2). */
export function fromNtpSeconds(ntp: number, nowMs: number): number {
  const nowNtp = Math.floor(nowMs / 1000) + NTP_UNIX_OFFSET;
  const era = Math.round((nowNtp - ntp) / NTP_ERA);
  return (ntp + era * NTP_ERA - NTP_UNIX_OFFSET) * 1000;
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function buildFdtInstance(instance: Omit<FdtInstance, "namespace">, flute: FluteVersion): Buffer {
  const attr = (name: string, value: string | number | undefined): string =>
    value === undefined ? "" : ` ${name}="${escapeAttr(String(value))}"`;
  const files = instance.files.map(
    (f) =>
      `<File${attr("Content-Location", f.contentLocation)}${attr("TOI", f.toi)}` +
      `${attr("Content-Length", f.contentLength)}${attr("Transfer-Length", f.transferLength)}` +
      `${attr("Content-Type", f.contentType)}${attr("Content-Encoding", f.contentEncoding)}` +
      `${attr("Content-MD5", f.contentMd5)}${attr("FEC-OTI-FEC-Encoding-ID", f.fecEncodingId)}` +
      `${attr("FEC-OTI-Maximum-Source-Block-Length", f.maxSourceBlockLength)}` +
      `${attr("FEC-OTI-Encoding-Symbol-Length", f.encodingSymbolLength)}/>`,
  );
  const complete = instance.complete === undefined ? "" : attr("Complete", String(instance.complete));
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<FDT-Instance xmlns="${FDT_NAMESPACE[flute]}"` +
    `${attr("Expires", toNtpSeconds(instance.expires))}${complete}>${files.join("")}</FDT-Instance>`;
  return Buffer.from(xml, "utf8");
}

export type FdtError = "xml" | "root" | "expires" | "file";

function uint(value: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined | null {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^\d{1,16}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= max ? n : null;
}

function readFile(el: XmlElement): FdtFile | string {
  const a = el.attrs;
  const location = a["Content-Location"];
  const toi = uint(a.TOI);
  if (!location) return "File without Content-Location";
  if (toi === undefined || toi === null) return `File ${location}: TOI missing or not a number`;
  const numbers = {
    contentLength: uint(a["Content-Length"]),
    transferLength: uint(a["Transfer-Length"]),
    fecEncodingId: uint(a["FEC-OTI-FEC-Encoding-ID"], 255),
    maxSourceBlockLength: uint(a["FEC-OTI-Maximum-Source-Block-Length"], 0xffff_ffff),
    encodingSymbolLength: uint(a["FEC-OTI-Encoding-Symbol-Length"], 0xffff),
  };
  for (const [key, n] of Object.entries(numbers)) if (n === null) return `File ${location}: bad ${key}`;
  const file: FdtFile = { contentLocation: location, toi };
  for (const [key, n] of Object.entries(numbers)) if (n !== undefined) Object.assign(file, { [key]: n });
  if (a["Content-Type"] !== undefined) file.contentType = a["Content-Type"];
  if (a["Content-Encoding"] !== undefined) file.contentEncoding = a["Content-Encoding"];
  if (a["Content-MD5"] !== undefined) file.contentMd5 = a["Content-MD5"].trim();
  return file;
}

/**
 * Reads an FDT Instance of either FLUTE version (both namespaces, and none, are accepted: receivers in
 * the field see all three). `nowMs` picks the NTP era of Expires.
 */
export function parseFdtInstance(bytes: Buffer, nowMs: number): Decoded<FdtInstance, FdtError> {
  let root: XmlElement;
  try {
    root = parseXml(bytes, FDT_LIMITS);
  } catch (err) {
    if (err instanceof XmlError) return fail("xml", err.message);
    throw err;
  }
  if (root.local !== "FDT-Instance") return fail("root", `root element ${root.name}, not FDT-Instance`);
  const expires = uint(root.attrs.Expires, 0xffff_ffff);
  if (expires === undefined || expires === null) return fail("expires", "Expires missing or not a number");
  const files: FdtFile[] = [];
  for (const child of root.children) {
    if (child.local !== "File") continue;
    const file = readFile(child);
    if (typeof file === "string") return fail("file", file);
    files.push(file);
  }
  const complete = root.attrs.Complete?.trim();
  return {
    ok: true,
    value: {
      expires: fromNtpSeconds(expires, nowMs),
      ...(complete === undefined ? {} : { complete: complete === "true" || complete === "1" }),
      files,
      namespace: root.ns,
    },
  };
}

/**
 * FDT Instance IDs (20 bits). v1 (RFC 3926) counts up and wraps 2^20-1 → 0; v2 (RFC 6726 §3.4.2) must not
 * reuse the ID of an instance that has not expired, so once the space is used it takes the smallest
 * expired one, and throws when every ID is still live.
 */
export class FdtInstanceIds {
  private next = 0;
  private readonly expiry = new Map<number, number>();

  constructor(private readonly flute: FluteVersion) {}

  allocate(expiresMs: number, nowMs: number): number {
    let id: number;
    if (this.flute === 1 || this.next <= MAX_FDT_INSTANCE_ID) {
      id = this.next;
      this.next = this.flute === 1 ? (this.next + 1) & MAX_FDT_INSTANCE_ID : this.next + 1;
    } else {
      id = -1;
      for (const [candidate, until] of this.expiry)
        if (until <= nowMs && (id < 0 || candidate < id)) id = candidate;
      if (id < 0) throw new Error("every FDT Instance ID is live; none may be reused (RFC 6726)");
    }
    if (this.flute === 2) this.expiry.set(id, expiresMs);
    return id;
  }
}
