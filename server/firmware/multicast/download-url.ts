// The Download URL a multicast wave sends: the session's flute:// URL (server/flute/url.ts documents
// the form) plus, as a Vantage extension, the image's detached signature:
//
//   flute://<source>@<group>:<port>?tsi=<n>&toi=<n>&v=<1|2>&sig=<base64url signature>
//
// Over HTTP the signature travels in the file server's X-Vantage-Signature header; a multicast stream
// has no headers, and a TR-069 Download has no field for it, so it rides in the URL (TR-069 allows 256
// characters: an Ed25519 or P-256 signature fits). A CPE that knows nothing of it drops the parameter;
// the simulator splits it off before parsing the session (parseFluteUrl is strict).
import { formatFluteUrl, parseFluteUrl, type FluteUrl } from "../../flute/url";

const MAX_DOWNLOAD_URL = 256;

export function multicastDownloadUrl(session: FluteUrl, signatureBase64: string | null): string {
  const url = formatFluteUrl(session);
  if (!signatureBase64) return url;
  const sig = Buffer.from(signatureBase64, "base64").toString("base64url");
  const withSig = `${url}&sig=${sig}`;
  return withSig.length <= MAX_DOWNLOAD_URL ? withSig : url;
}

/** The session and the signature (if any) a multicast Download URL names; null when it is not one. */
export function parseMulticastDownloadUrl(url: string): { session: FluteUrl; signature?: Buffer } | null {
  if (typeof url !== "string" || url.length > MAX_DOWNLOAD_URL) return null;
  const m = /^(.*)&sig=([A-Za-z0-9_-]{16,200})$/.exec(url);
  const session = parseFluteUrl(m ? m[1]! : url);
  if (!session) return null;
  return m ? { session, signature: Buffer.from(m[2]!, "base64url") } : { session };
}
