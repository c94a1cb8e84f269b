// Loads the generated facts once and answers lookups for concrete CWMP paths.
// Concrete instance numbers and alias segments ("[cpe-1]") match the "{i}" of the patterns;
// service models (STBService) are mounted under Device.Services. and InternetGatewayDevice.Services.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { processSlot } from "../core/process-slot";
import { setSecretFlagLookup } from "./secret-parameters";
import type { ModelFacts, ObjectFacts, ObjectLookup, ParameterLookup } from "../../lib/datamodel/types";

const SERVICE_MOUNTS = ["Device.Services.", "InternetGatewayDevice.Services."];

interface Indexed {
  model: string;
  facts: ObjectFacts;
}

let models: ModelFacts[] | null = null;
const extra: ModelFacts[] = [];
let index: Map<string, Indexed> | null = null;

/**
 * Vendor models imported by operators (persisted by imports.ts). The custom server and the Next bundle
 * each load this module, so the set lives in a process slot: one import is seen by both. A generation
 * number tells each module copy to rebuild its index.
 */
interface ImportedSlot {
  generation: number;
  models: ModelFacts[];
  /** Called on each lookup; lets imports.ts refresh from the database in the background. */
  onLookup?: () => void;
}
const shared = processSlot<{ imported: ImportedSlot }>("importedFacts");
const importedSlot = (): ImportedSlot => (shared.imported ??= { generation: 0, models: [] });
let indexGeneration = 0;

// Literal URLs, one per file: a bundler (Next's Turbopack) resolves each as its own asset, whereas a
// template URL was turned into one asset and loaded the same file three times.
const GENERATED_URLS: [string, URL][] = [
  ["tr-098.json", new URL("./generated/tr-098.json", import.meta.url)],
  ["tr-181.json", new URL("./generated/tr-181.json", import.meta.url)],
  ["tr-135.json", new URL("./generated/tr-135.json", import.meta.url)],
];

function readGenerated([name, url]: [string, URL]): ModelFacts {
  const href = String(url);
  // A webpack build (`next build --webpack`) makes these relative asset URLs in the server bundle, not
  // file: URLs; the files are then read from the source tree the server runs in.
  const file = href.startsWith("file:")
    ? fileURLToPath(href)
    : path.join(process.cwd(), "server", "datamodel", "generated", name);
  return JSON.parse(readFileSync(file, "utf8")) as ModelFacts;
}

/** The generated models (lazy, cached) plus any registered at run time. */
export function loadFacts(): ModelFacts[] {
  models ??= GENERATED_URLS.map(readGenerated);
  return [...models, ...importedSlot().models, ...extra];
}

/** Replace the run-time imported vendor models (server/datamodel/imports.ts owns their storage). */
export function setImportedFacts(list: ModelFacts[]): void {
  const slot = importedSlot();
  slot.models = list;
  slot.generation++;
}

export function setLookupHook(hook: () => void): void {
  importedSlot().onLookup = hook;
}

function addModel(map: Map<string, Indexed>, m: ModelFacts): void {
  for (const [path, facts] of Object.entries(m.o)) {
    const entry = { model: m.model, facts };
    if (m.service)
      for (const mount of SERVICE_MOUNTS) map.set(mount + path, mergeObject(map.get(mount + path), entry));
    else map.set(path, mergeObject(map.get(path), entry));
  }
}

/** A later model extending an existing object (vendor parameters) adds to it rather than hiding it. */
function mergeObject(prev: Indexed | undefined, next: Indexed): Indexed {
  if (!prev) return next;
  return {
    model: next.model,
    facts: { ...prev.facts, ...next.facts, p: { ...prev.facts.p, ...next.facts.p } },
  };
}

function getIndex(): Map<string, Indexed> {
  const slot = importedSlot();
  slot.onLookup?.();
  if (!index || indexGeneration !== slot.generation) {
    // Built aside and then swapped in: a failed load must not leave an empty index answering "unknown".
    const next = new Map<string, Indexed>();
    for (const m of loadFacts()) addModel(next, m);
    index = next;
    indexGeneration = slot.generation;
  }
  return index;
}

/** Extend the facts at run time (vendor data models imported by the operator). */
export function registerFacts(more: ModelFacts | ModelFacts[]): void {
  for (const m of Array.isArray(more) ? more : [more]) {
    extra.push(m);
    if (index) addModel(index, m);
  }
  // The index changed in place: flags remembered from it may be stale.
  hiddenCacheIndex = null;
}

/** "Device.Hosts.Host.3.IPAddress" -> "Device.Hosts.Host.{i}.IPAddress". */
export function toPattern(path: string): string {
  // One pass (it runs for every value of every answer, through the secret check): a segment of digits
  // or in [brackets] is an instance.
  return path.replace(INSTANCE_SEGMENT, "$1{i}");
}
const INSTANCE_SEGMENT = /(^|\.)(?:\d+|\[[^.]*\])(?=\.|$)/g;

/**
 * Facts of an object path ("Device.Hosts.Host.2." or a table "Device.Hosts.Host.").
 * For a table path the multi-instance object's facts are returned (pattern ends with "{i}.").
 */
export function lookupObject(path: string): ObjectLookup | undefined {
  const p = toPattern(path.endsWith(".") ? path : `${path}.`);
  const idx = getIndex();
  const hit = idx.get(p);
  if (hit) return { pattern: p, model: hit.model, facts: hit.facts };
  const table = idx.get(`${p}{i}.`);
  return table ? { pattern: `${p}{i}.`, model: table.model, facts: table.facts } : undefined;
}

export function lookupParameter(path: string): ParameterLookup | undefined {
  if (path.endsWith(".")) return undefined;
  const dot = path.lastIndexOf(".");
  if (dot < 0) return undefined;
  const objPattern = toPattern(path.slice(0, dot + 1));
  const name = path.slice(dot + 1);
  const hit = getIndex().get(objPattern);
  const facts = hit?.facts.p[name];
  if (!hit || !facts) return undefined;
  return { pattern: objPattern + name, model: hit.model, name, facts };
}

/** Every object pattern known, for tree builders (sorted as the XML lists them). */
export function objectPatterns(): string[] {
  return [...getIndex().keys()];
}

// The data model's secured/hidden flag joins the names of secret-parameters.ts wherever this module is
// loaded (every server process that reads facts), so a vendor model's hidden parameter is a secret too.
setSecretFlagLookup(isHiddenParameter);

// Every value of every answer goes through the secret check (a first contact's full read: ~600 names
// and values, three checks each), and a fleet's paths repeat from device to device: the flag is
// remembered per path for as long as the index it came from (any model change starts afresh).
const HIDDEN_CACHE_MAX = 100_000;
let hiddenCache = new Map<string, boolean>();
let hiddenCacheIndex: Map<string, Indexed> | null = null;

function isHiddenParameter(path: string): boolean {
  const idx = getIndex();
  if (idx !== hiddenCacheIndex) {
    hiddenCache = new Map();
    hiddenCacheIndex = idx;
  }
  let hidden = hiddenCache.get(path);
  if (hidden === undefined) {
    hidden = path.includes(".") && lookupParameter(path)?.facts.h === 1;
    if (hiddenCache.size >= HIDDEN_CACHE_MAX) hiddenCache.clear();
    hiddenCache.set(path, hidden);
  }
  return hidden;
}
