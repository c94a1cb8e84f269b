// CSV export of a device search: RFC 4180 quoting of every cell, streamed in id order batch by batch so a large
// result never sits in memory whole. Cells that a spreadsheet would run as a formula are defused.
import { iterateDevices, type DeviceListRow } from "./search";
import { mentionsAudience } from "./audience-visibility";
import { isParameterColumn, type AttributeColumn, type DeviceFilter } from "../../lib/devices/search-query";

/** The most rows one export returns; larger fleets are exported in narrower searches. */
export const CSV_EXPORT_CAP = 100_000;

interface CsvColumn {
  header: string;
  value: (row: DeviceListRow) => string;
}

const ATTRIBUTE_CSV: Record<AttributeColumn, CsvColumn> = {
  serialNumber: { header: "serial", value: (r) => r.serialNumber },
  oui: { header: "oui", value: (r) => r.oui },
  productClass: { header: "product_class", value: (r) => r.productClass },
  manufacturer: { header: "manufacturer", value: (r) => r.manufacturer },
  kind: { header: "kind", value: (r) => r.kind },
  modelName: { header: "model", value: (r) => r.modelName },
  softwareVersion: { header: "software_version", value: (r) => r.softwareVersion },
  hardwareVersion: { header: "hardware_version", value: (r) => r.hardwareVersion },
  ipAddress: { header: "ip_address", value: (r) => r.ipAddress ?? "" },
  macAddress: { header: "mac_address", value: (r) => r.macAddress ?? "" },
  subscriberId: { header: "subscriber_id", value: (r) => r.subscriberId ?? "" },
  tags: { header: "tags", value: (r) => r.tags.join(" ") },
  lastInform: { header: "last_inform", value: (r) => r.lastInform?.toISOString() ?? "" },
  online: { header: "online", value: (r) => (r.online ? "yes" : "no") },
  bootstrapIncomplete: {
    header: "bootstrap_incomplete",
    value: (r) => (r.bootstrapIncomplete ? "yes" : "no"),
  },
};

/** The export's columns when the operator has chosen none: every summary attribute people use. */
export const CSV_COLUMNS: readonly CsvColumn[] = (
  [
    "serialNumber",
    "oui",
    "productClass",
    "manufacturer",
    "kind",
    "modelName",
    "softwareVersion",
    "ipAddress",
    "macAddress",
    "subscriberId",
    "tags",
    "lastInform",
    "online",
  ] as const
).map((c) => ATTRIBUTE_CSV[c]);

/**
 * The chosen columns as CSV columns; a parameter path is its own header, its value from the document.
 * Audience parameters are never exported, for any role (only aggregates leave: Audience reports).
 */
export function csvColumns(columns: readonly string[] | undefined): readonly CsvColumn[] {
  const chosen = columns?.filter((c) => !mentionsAudience(c));
  if (!chosen?.length) return CSV_COLUMNS;
  return chosen.map((c) =>
    isParameterColumn(c)
      ? { header: c, value: (r: DeviceListRow) => r.params[c] ?? "" }
      : ATTRIBUTE_CSV[c as AttributeColumn],
  );
}

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

/** The header line, then one line per matching device (at most `max`), in the chosen columns. */
export async function* deviceCsv(
  filter: DeviceFilter,
  opts: { max?: number; now?: Date; columns?: readonly string[] } = {},
): AsyncGenerator<string> {
  const columns = csvColumns(opts.columns);
  yield csvLine(columns.map((c) => c.header));
  const max = opts.max ?? CSV_EXPORT_CAP;
  for await (const batch of iterateDevices(filter, { max, now: opts.now, columns: opts.columns })) {
    yield batch.map((row) => csvLine(columns.map((c) => c.value(row)))).join("");
  }
}
