// Namespace URIs and the CWMP version rules of domain.md 3.1.
import type { CwmpVersion } from "./types";

export const SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
/** SOAP 1.2; not CWMP, but accepted on input so a confused agent gets a proper fault, not a 400. */
export const SOAP12_ENV_NS = "http://www.w3.org/2003/05/soap-envelope";
export const SOAP_ENC_NS = "http://schemas.xmlsoap.org/soap/encoding/";
export const XSD_NS = "http://www.w3.org/2001/XMLSchema";
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
export const XSI_1999_NS = "http://www.w3.org/1999/XMLSchema-instance";

const CWMP_PREFIX = "urn:dslforum-org:cwmp-";

const NAMESPACE_BY_VERSION: Readonly<Record<CwmpVersion, string>> = {
  "1.0": "urn:dslforum-org:cwmp-1-0",
  "1.1": "urn:dslforum-org:cwmp-1-1",
  // 1.3 and 1.4 kept the 1.2 namespace (targetNamespace of cwmp-1-3.xsd and cwmp-1-4.xsd).
  "1.2": "urn:dslforum-org:cwmp-1-2",
  "1.3": "urn:dslforum-org:cwmp-1-2",
  "1.4": "urn:dslforum-org:cwmp-1-2",
};

/** The namespace URI to emit for a CWMP version. */
export function namespaceForVersion(version: CwmpVersion): string {
  return NAMESPACE_BY_VERSION[version];
}

/** One of the namespaces CWMP 1.0-1.4 define or CPEs use for them: urn:dslforum-org:cwmp-1-0 .. 1-4. */
export function isCwmpNamespace(uri: string): boolean {
  return uri.startsWith(CWMP_PREFIX) && /^1-[0-4]$/.test(uri.slice(CWMP_PREFIX.length));
}

/**
 * Version implied by a cwmp namespace and the header elements present. cwmp-1-2 is 1.2, or 1.3 with
 * SessionTimeout, or 1.4 with SupportedCWMPVersions/UseCWMPVersion; the non-standard cwmp-1-3 and
 * cwmp-1-4 namespaces some CPEs send are read as 1.4 (as genieacs does).
 */
export function versionFromNamespace(
  uri: string,
  hasSessionTimeout: boolean,
  hasVersionHeaders: boolean,
): CwmpVersion {
  const minor = Number(uri.slice(CWMP_PREFIX.length + 2));
  if (minor === 0) return "1.0";
  if (minor === 1) return "1.1";
  if (minor >= 3) return "1.4";
  if (hasVersionHeaders) return "1.4";
  return hasSessionTimeout ? "1.3" : "1.2";
}
