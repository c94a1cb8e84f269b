// A gateway's ManageableDevice table (TR-111 Part 1) as rows, from parameter-document entries. Pure.
// What a gateway reports is checked here: a row with a malformed OUI, an over-long or binary serial
// is left out (never stored, never fails the session), and at most MAX_ROWS rows are kept.

/** More boxes than any home has; a gateway reporting thousands is broken or hostile. */
export const MAX_ROWS = 256;

export const MANAGEABLE_FIELD =
  /^(InternetGatewayDevice|Device)\.ManagementServer\.ManageableDevice\.(\d{1,6})\.(ManufacturerOUI|SerialNumber|ProductClass|Host)$/;

export interface ManageableRow {
  /** ManageableDevice.{i}. as the gateway numbers it */
  instance: string;
  oui: string;
  serialNumber: string;
  productClass: string;
  host: string;
}

// TR-111 lengths: OUI 6 hex digits, SerialNumber(64), ProductClass(64); Host is a list of paths.
const OUI = /^[0-9A-F]{6}$/;
const printable = (max: number, min = 0) => new RegExp(`^[\\x20-\\x7e]{${min},${max}}$`);
const SERIAL = printable(64, 1);
const PRODUCT_CLASS = printable(64);
const HOST = printable(1024);

export interface ParsedTable {
  rows: ManageableRow[];
  /** instances present but unusable (bad values), or beyond MAX_ROWS */
  rejected: number;
}

export function manageableRows(entries: Iterable<readonly [string, string]>): ParsedTable {
  const byInstance = new Map<number, Record<string, string>>();
  const prefixOf = new Map<number, string>();
  for (const [path, value] of entries) {
    const m = MANAGEABLE_FIELD.exec(path);
    if (!m) continue;
    const n = Number(m[2]);
    const fields = byInstance.get(n) ?? {};
    fields[m[3]!] = value;
    byInstance.set(n, fields);
    prefixOf.set(n, `${m[1]}.ManagementServer.ManageableDevice.${n}.`);
  }
  const rows: ManageableRow[] = [];
  const keys = new Set<string>();
  let rejected = 0;
  for (const n of [...byInstance.keys()].sort((a, b) => a - b)) {
    const f = byInstance.get(n)!;
    const oui = (f.ManufacturerOUI ?? "").trim().toUpperCase();
    const serialNumber = (f.SerialNumber ?? "").trim();
    const productClass = (f.ProductClass ?? "").trim();
    const host = (f.Host ?? "").trim();
    const key = `${oui}\n${serialNumber}\n${productClass}`;
    const valid =
      OUI.test(oui) && SERIAL.test(serialNumber) && PRODUCT_CLASS.test(productClass) && HOST.test(host);
    if (!valid || rows.length >= MAX_ROWS) {
      rejected++;
      continue;
    }
    // The same box listed twice (a gateway that did not clean up) is one row.
    if (keys.has(key)) continue;
    keys.add(key);
    rows.push({ instance: prefixOf.get(n)!, oui, serialNumber, productClass, host });
  }
  return { rows, rejected };
}

/** The table's path for a root object ("InternetGatewayDevice" or "Device"). */
export const manageableTable = (rootObject: string) => `${rootObject}.ManagementServer.ManageableDevice.`;

/** Whether a GetParameterValues of these names returns the whole table (root, ManagementServer., table). */
export function readsTable(rootObject: string, names: readonly string[]): boolean {
  const table = manageableTable(rootObject);
  return names.some((n) => n.endsWith(".") && table.startsWith(n));
}

export const NUMBER_OF_ENTRIES =
  /^(InternetGatewayDevice|Device)\.ManagementServer\.ManageableDeviceNumberOfEntries$/;
