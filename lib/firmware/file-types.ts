// TR-069 FileType values (A.3.2.8) for Download/Upload, plus the store's own type for deployment units
// (run-time applications installed with ChangeDUState, which carries no FileType).

export const STANDARD_FILE_TYPES = [
  "1 Firmware Upgrade Image",
  "2 Web Content",
  "3 Vendor Configuration File",
  "4 Tone File",
  "5 Ringer File",
] as const;

/** Files a CPE may be asked to upload (A.3.2.9). */
export const UPLOAD_FILE_TYPES = ["1 Vendor Configuration File", "2 Vendor Log File"] as const;

/** A deployment unit (TR-181 SoftwareModules): installed by ChangeDUState, never by Download. */
export const DEPLOYMENT_UNIT_TYPE = "X VANTAGE DeploymentUnit";

/** "X <OUI> <name>": a vendor's own file type, OUI six hex digits (or the store's VANTAGE form). */
const VENDOR_FORM = /^X ([0-9A-F]{6}|VANTAGE) [\x21-\x7e][\x20-\x7e]{0,50}$/;

export function isStoreFileType(value: string): boolean {
  return (STANDARD_FILE_TYPES as readonly string[]).includes(value) || VENDOR_FORM.test(value);
}

export function isFirmwareType(fileType: string): boolean {
  return fileType.startsWith("1 ");
}

export function isDeploymentUnit(fileType: string): boolean {
  return fileType === DEPLOYMENT_UNIT_TYPE;
}
