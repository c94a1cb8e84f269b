// The device search in a URL query string: shareable links, the back button, and the CSV export link
// all carry the same parameters. Pure (no database): the list page and the export route both use it.
// A hand-edited or outdated link never fails: a value that does not validate is simply left out.
import { deviceSearchSchema, type DeviceFilter, type DeviceSearch } from "./search-query";

type Reader = { get(name: string): string | null };

const TEXT_FIELDS = ["q", "manufacturer", "oui", "productClass", "softwareVersion", "tag"] as const;

function valid<K extends keyof DeviceSearch>(key: K, value: unknown): DeviceSearch[K] | undefined {
  const field = deviceSearchSchema.shape[key];
  const parsed = field.safeParse(value);
  return parsed.success ? (parsed.data as DeviceSearch[K]) : undefined;
}

function date(text: string | null): Date | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function int(text: string | null): number | undefined {
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Reads a search from URL parameters; anything missing or invalid takes its default. */
export function searchFromParams(params: Reader): DeviceSearch {
  const raw: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) {
    const value = params.get(key)?.trim();
    if (value) raw[key] = valid(key, value);
  }
  raw.kind = valid("kind", params.get("kind") ?? undefined);
  const status = params.get("status");
  raw.online = status === "online" ? true : status === "offline" ? false : undefined;
  raw.lastInformBefore = valid("lastInformBefore", date(params.get("before")));
  raw.lastInformAfter = valid("lastInformAfter", date(params.get("after")));
  const path = params.get("path")?.trim();
  if (path)
    raw.param = valid("param", { path, op: params.get("op") ?? "eq", value: params.get("value") ?? "" });
  raw.faultCode = valid("faultCode", int(params.get("faultCode")));
  raw.faultTask = valid("faultTask", params.get("faultTask")?.trim() || undefined);
  raw.faultDays = valid("faultDays", int(params.get("faultDays")));
  if (params.get("bootstrapIncomplete") === "1") raw.bootstrapIncomplete = true;
  const columns = params.get("cols");
  if (columns) raw.columns = valid("columns", columns.split(","));
  raw.sort = valid("sort", params.get("sort") ?? undefined);
  raw.dir = valid("dir", params.get("dir") ?? undefined);
  raw.page = valid("page", int(params.get("page")));
  raw.pageSize = valid("pageSize", int(params.get("size")));
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  return deviceSearchSchema.parse(raw);
}

const DEFAULTS = deviceSearchSchema.parse({});

/** Writes a search as URL parameters, leaving out defaults so links stay short. */
export function searchToParams(search: Partial<DeviceSearch>): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of TEXT_FIELDS) {
    const value = search[key]?.trim();
    if (value) p.set(key, value);
  }
  if (search.kind) p.set("kind", search.kind);
  if (search.online !== undefined) p.set("status", search.online ? "online" : "offline");
  if (search.lastInformBefore) p.set("before", search.lastInformBefore.toISOString());
  if (search.lastInformAfter) p.set("after", search.lastInformAfter.toISOString());
  if (search.param) {
    p.set("path", search.param.path);
    if (search.param.op !== "eq") p.set("op", search.param.op);
    if (search.param.op !== "exists") p.set("value", search.param.value);
  }
  if (search.faultCode !== undefined) p.set("faultCode", String(search.faultCode));
  if (search.faultTask) p.set("faultTask", search.faultTask);
  if (search.faultDays !== undefined) p.set("faultDays", String(search.faultDays));
  if (search.bootstrapIncomplete) p.set("bootstrapIncomplete", "1");
  if (search.columns?.length) p.set("cols", search.columns.join(","));
  if (search.sort && search.sort !== DEFAULTS.sort) p.set("sort", search.sort);
  if (search.dir && search.dir !== DEFAULTS.dir) p.set("dir", search.dir);
  if (search.page && search.page !== DEFAULTS.page) p.set("page", String(search.page));
  if (search.pageSize && search.pageSize !== DEFAULTS.pageSize) p.set("size", String(search.pageSize));
  return p;
}

/** The filters of a search, without its order, page and columns: what bulk work and the export act on. */
export function filterOf(search: DeviceFilter & Partial<DeviceSearch>): DeviceFilter {
  const { sort: _sort, dir: _dir, page: _page, pageSize: _pageSize, columns: _columns, ...filter } = search;
  return filter;
}

/** True when a search narrows the fleet at all (the page's "no matches" vs "no devices yet"). */
export function hasFilters(filter: DeviceFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined && v !== "");
}
