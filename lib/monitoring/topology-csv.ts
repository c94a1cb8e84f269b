// Parsing of the two monitoring imports: the topology (where each household sits) and the channel
// line-up. RFC 4180 (quoted cells, doubled quotes, CRLF or LF, line breaks inside quotes). Each record
// is checked on its own: a bad one is reported with its line number and skipped, the good ones kept.
// Isomorphic: the console previews a file with the same code the server imports it with.

export interface CsvRecord {
  /** 1-based line the record starts on */
  line: number;
  cells: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

/** More records than this are refused (the import says so) rather than held in memory. */
export const MAX_CSV_RECORDS = 200_000;
const MAX_CELL = 200;

/** Splits text into records. An unterminated quote ends the text with a problem on its line. */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === "")) records.push({ line: start, cells });
    cells = [];
    cell = "";
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
    i++;
  }
  if (quoted) problems.push({ line: start, message: "unterminated quoted cell" });
  else if (cell !== "" || cells.length > 0) endRecord();
  return { records, problems };
}

export interface TopologyRow {
  line: number;
  household: string;
  accessNode: string;
  accessPort: string;
  region: string;
  accessKind: string;
  /** The subscriber's segment (offer, package); null when the file has no segment column (keep what is stored). */
  segment: string | null;
}

export interface ChannelRow {
  line: number;
  number: number | null;
  name: string;
  multicastGroup: string | null;
  uri: string | null;
  headend: string;
  /** region name -> insertion point */
  insertionPoints: { region: string; point: string }[];
}

export interface Parsed<R> {
  rows: R[];
  problems: CsvProblem[];
}

export const TOPOLOGY_HEADER = ["household", "access_node", "access_port", "region", "access_kind"] as const;
/** Columns a topology file may add; without them the stored values are kept. */
export const TOPOLOGY_OPTIONAL_HEADER = ["segment"] as const;
export const LINEUP_HEADER = [
  "number",
  "name",
  "multicast_group",
  "uri",
  "headend",
  "insertion_points",
] as const;
export const ACCESS_KINDS = ["DSLAM", "OLT", "CMTS", "OTHER"] as const;

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._:/@#+()'&-]*$/u;

// A segment is an audience report dimension and a CSV cell in exports: a short plain label.
const SEGMENT = /^[A-Za-z0-9 _-]*$/;
const MAX_SEGMENT = 64;

function checkSegment(value: string): string | null {
  if (value.length > MAX_SEGMENT) return `segment is longer than ${MAX_SEGMENT} characters`;
  if (!SEGMENT.test(value))
    return `segment "${value.slice(0, 40)}" may only hold letters, digits, spaces, _ and -`;
  return null;
}

function checkName(value: string, what: string, required: boolean): string | null {
  if (value === "") return required ? `${what} is empty` : null;
  if (value.length > MAX_CELL) return `${what} is longer than ${MAX_CELL} characters`;
  if (!NAME.test(value)) return `${what} "${value.slice(0, 40)}" has characters that are not allowed`;
  return null;
}

/** Columns found by header name (any order, case-insensitive); missing required columns refuse the file. */
function columns(
  records: CsvRecord[],
  header: readonly string[],
): { index: Map<string, number>; body: CsvRecord[]; problem?: CsvProblem } {
  const first = records[0];
  const index = new Map<string, number>();
  if (!first) return { index, body: [], problem: { line: 1, message: "the file is empty" } };
  first.cells.forEach((c, k) => index.set(c.trim().toLowerCase(), k));
  const missing = header.filter((h) => !index.has(h));
  if (missing.length > 0) {
    const message = `header is missing ${missing.join(", ")} (expected ${header.join(",")})`;
    return { index, body: [], problem: { line: first.line, message } };
  }
  if (records.length - 1 > MAX_CSV_RECORDS) {
    const message = `more than ${MAX_CSV_RECORDS} rows: split the file`;
    return { index, body: [], problem: { line: first.line, message } };
  }
  return { index, body: records.slice(1) };
}

function parseWith<R>(
  text: string,
  header: readonly string[],
  row: (get: (name: string) => string, line: number, has: (name: string) => boolean) => R | string,
): Parsed<R> {
  const { records, problems } = parseCsv(text);
  const { index, body, problem } = columns(records, header);
  if (problem) return { rows: [], problems: [problem, ...problems] };
  const rows: R[] = [];
  const has = (name: string) => index.has(name);
  for (const record of body) {
    const get = (name: string) => (record.cells[index.get(name)!] ?? "").trim();
    const result = row(get, record.line, has);
    if (typeof result === "string") problems.push({ line: record.line, message: result });
    else rows.push(result);
  }
  return { rows, problems };
}

export function parseTopologyCsv(text: string): Parsed<TopologyRow> {
  const seen = new Map<string, number>();
  return parseWith(text, TOPOLOGY_HEADER, (get, line, has) => {
    const household = get("household");
    const accessNode = get("access_node");
    const accessPort = get("access_port");
    const region = get("region");
    const accessKind = (get("access_kind") || "DSLAM").toUpperCase();
    const segment = has("segment") ? get("segment") : null;
    const error =
      checkName(household, "household", true) ??
      checkName(accessNode, "access_node", false) ??
      checkName(accessPort, "access_port", false) ??
      checkName(region, "region", false) ??
      (segment === null ? null : checkSegment(segment));
    if (error) return error;
    if (!accessNode && !region) return "neither access_node nor region is given";
    if (!(ACCESS_KINDS as readonly string[]).includes(accessKind))
      return `access_kind "${accessKind.slice(0, 20)}" is not one of ${ACCESS_KINDS.join(", ")}`;
    const previous = seen.get(household);
    if (previous !== undefined) return `household ${household} is already on line ${previous}`;
    seen.set(household, line);
    return { line, household, accessNode, accessPort, region, accessKind, segment };
  });
}

const MULTICAST = /^(22[4-9]|23\d)\.\d{1,3}\.\d{1,3}\.\d{1,3}$|^ff[0-9a-f]{2}:[0-9a-f:]+$/i;

export function parseLineupCsv(text: string): Parsed<ChannelRow> {
  const seen = new Map<string, number>();
  return parseWith(text, LINEUP_HEADER, (get, line) => {
    const name = get("name");
    const headend = get("headend");
    const error = checkName(name, "name", true) ?? checkName(headend, "headend", false);
    if (error) return error;
    const numberText = get("number");
    const number = numberText === "" ? null : Number(numberText);
    if (number !== null && (!Number.isInteger(number) || number < 0 || number > 99_999))
      return `number "${numberText.slice(0, 20)}" is not a channel number (0..99999)`;
    const group = get("multicast_group");
    if (group && (!MULTICAST.test(group) || group.split(".").some((o) => Number(o) > 255)))
      return `multicast_group "${group.slice(0, 40)}" is not a multicast address`;
    const uri = get("uri");
    if (uri.length > MAX_CELL || /\s/.test(uri)) return "uri is too long or contains spaces";
    const insertionPoints: ChannelRow["insertionPoints"] = [];
    for (const part of get("insertion_points").split(";")) {
      if (part.trim() === "") continue;
      const [region = "", point = "", ...rest] = part.split("=").map((s) => s.trim());
      const bad = rest.length > 0 || !region || !point;
      if (bad) return `insertion point "${part.slice(0, 40)}" is not Region=Point`;
      const problem =
        checkName(region, "insertion region", true) ?? checkName(point, "insertion point", true);
      if (problem) return problem;
      if (insertionPoints.some((p) => p.region === region))
        return `region ${region} has two insertion points`;
      insertionPoints.push({ region, point });
    }
    const previous = seen.get(name);
    if (previous !== undefined) return `channel ${name} is already on line ${previous}`;
    seen.set(name, line);
    return { line, number, name, multicastGroup: group || null, uri: uri || null, headend, insertionPoints };
  });
}
