// CSV export of a device search: RFC 4180 quoting of every cell, streamed in id order batch by batch so a large
// result never sits in memory whole. Cells that a spreadsheet would run as a formula are defused.
import { iterateDevices, type DeviceListRow } from "./search";
import type { DeviceFilter } from "./search-query";

/** The most rows one export returns; larger fleets are exported in narrower searches. */
export const CSV_EXPORT_CAP = 100_000;

export const CSV_COLUMNS: readonly { header: string; value: (row: DeviceListRow) => string }[] = [
  { header: "serial", value: (r) => r.serialNumber },
  { header: "oui", value: (r) => r.oui },
  { header: "product_class", value: (r) => r.productClass },
  { header: "manufacturer", value: (r) => r.manufacturer },
  { header: "kind", value: (r) => r.kind },
  { header: "model", value: (r) => r.modelName },
  { header: "software_version", value: (r) => r.softwareVersion },
  { header: "ip_address", value: (r) => r.ipAddress ?? "" },
  { header: "mac_address", value: (r) => r.macAddress ?? "" },
  { header: "subscriber_id", value: (r) => r.subscriberId ?? "" },
  { header: "tags", value: (r) => r.tags.join(" ") },
  { header: "last_inform", value: (r) => r.lastInform?.toISOString() ?? "" },
  { header: "online", value: (r) => (r.online ? "yes" : "no") },
];

/**
 * A formula start (= + - @, tab, CR) where a spreadsheet may begin a cell: at the start of the value,
 * and after any character it may split a value on when importing (`;`, `,`, tab, CR, LF) -- a
 * locale or import dialog that splits on `;` turns "x;=HYPERLINK(...)" into a live formula.
 */
const FORMULA_START = /(?<=^|[;,\t\r\n])(?=[=+\-@\t\r])/g;

export function csvCell(value: string): string {
  // The apostrophe makes Excel and LibreOffice show the rest as text (CSV injection). Every cell is
  // quoted, so no separator or line break inside a value can start a new cell or row.
  const safe = value.replace(FORMULA_START, "'");
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The header line, then one line per matching device (at most `max`). */
export async function* deviceCsv(
  filter: DeviceFilter,
  opts: { max?: number; now?: Date } = {},
): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS.map((c) => c.header));
  for await (const batch of iterateDevices(filter, { max: opts.max ?? CSV_EXPORT_CAP, now: opts.now })) {
    yield batch.map((row) => csvLine(CSV_COLUMNS.map((c) => c.value(row)))).join("");
  }
}
