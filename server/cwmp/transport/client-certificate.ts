// Binding a CPE's TLS client certificate to the identity its Inform claims. The TLS layer has
// already checked that the configured CA (CWMP_TLS_CA) signed the certificate; this decides whether
// that certificate was issued to the device in the DeviceId, so one device's certificate cannot open
// sessions for another. Accepted subjects (TR-069 convention, and the X.520 serialNumber attribute):
//   CN=<OUI>-<SerialNumber>, CN=<OUI>-<ProductClass>-<SerialNumber>, serialNumber=<SerialNumber>.
import type { DeviceIdStruct } from "../soap/types";

/** A certificate subject as node:tls reports it: repeated attributes come as arrays. */
export type CertificateSubject = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The single value of an attribute; a repeated attribute is ambiguous and matches nothing. */
function single(subject: CertificateSubject, name: string): string | undefined {
  const value = subject[name];
  return typeof value === "string" ? value : undefined;
}

export function certificateMatchesDevice(
  subject: CertificateSubject | undefined,
  device: Pick<DeviceIdStruct, "oui" | "productClass" | "serialNumber">,
): boolean {
  if (!subject || !device.serialNumber) return false;
  const cn = single(subject, "CN");
  if (cn !== undefined) {
    const names = [`${device.oui}-${device.serialNumber}`];
    if (device.productClass) names.push(`${device.oui}-${device.productClass}-${device.serialNumber}`);
    if (names.includes(cn)) return true;
  }
  return single(subject, "serialNumber") === device.serialNumber;
}

/** The subject's identifying attributes, for logs (a certificate subject is not a secret). */
export function describeSubject(subject: CertificateSubject | undefined): string {
  if (!subject) return "(no certificate)";
  const parts: string[] = [];
  for (const name of ["CN", "serialNumber", "O"]) {
    const value = subject[name];
    if (value !== undefined) parts.push(`${name}=${typeof value === "string" ? value : value.join("+")}`);
  }
  return parts.length > 0 ? parts.join(", ") : "(empty subject)";
}
