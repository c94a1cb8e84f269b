// vantage_apply_params (the SQL function every answer's merge and every full-subtree
// GetParameterNames goes through) against a plain reference on random documents: entries in both keep
// what the answer does not mention, new entries are added, and with a prefix the entries under it that
// the answer does not list are dropped, except the prefix object itself.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { createRng, type Rng } from "../../sim/prng";

type Entry = Record<string, string | number | boolean>;
type Doc = Record<string, Entry>;

function reference(old: Doc | null, next: Doc | null, prefix: string | null): Doc {
  const out: Doc = {};
  for (const [key, entry] of Object.entries(old ?? {})) {
    const listed = next !== null && key in next;
    if (prefix === null || listed || key === prefix || !key.startsWith(prefix)) out[key] = { ...entry };
  }
  for (const [key, entry] of Object.entries(next ?? {})) out[key] = { ...(old?.[key] ?? {}), ...entry };
  return out;
}

let store: Store;
beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});
afterAll(() => store.close());

function randomDoc(rng: Rng, keys: string[]): Doc {
  const rnd = () => rng.next();
  const doc: Doc = {};
  for (const key of keys) {
    if (rnd() < 0.5) continue;
    const entry: Entry = {};
    if (rnd() < 0.6) entry.v = `v${Math.floor(rnd() * 100)}`;
    if (rnd() < 0.4) entry.t = "xsd:string";
    if (rnd() < 0.4) entry.w = rnd() < 0.5;
    if (rnd() < 0.3) entry.ts = Math.floor(rnd() * 1e6);
    doc[key] = entry;
  }
  return doc;
}

const KEYS = [
  "Device.",
  "Device.A.",
  "Device.A.1.",
  "Device.A.1.X",
  "Device.A.2.Y",
  "Device.AB.Z",
  "Device.B.C",
  "Device.B.",
  "InternetGatewayDevice.A.1.X",
  "Device.A",
];
const PREFIXES = [null, "Device.", "Device.A.", "Device.A.1.", "Device.B.", "Device.Z."];

async function applied(old: Doc | null, next: Doc | null, prefix: string | null): Promise<Doc> {
  const rows = await db().$queryRawUnsafe<Array<{ doc: Doc }>>(
    `SELECT vantage_apply_params($1::jsonb, $2::jsonb, $3::text) AS doc`,
    old === null ? null : JSON.stringify(old),
    next === null ? null : JSON.stringify(next),
    prefix,
  );
  return rows[0]!.doc;
}

it("merges and prunes like the reference on 300 random documents", async () => {
  const rng = createRng(17);
  const rnd = () => rng.next();
  for (let i = 0; i < 300; i++) {
    const old = rnd() < 0.05 ? null : randomDoc(rng, KEYS);
    const next = rnd() < 0.05 ? null : randomDoc(rng, KEYS);
    const prefix = PREFIXES[Math.floor(rnd() * PREFIXES.length)]!;
    expect(await applied(old, next, prefix), JSON.stringify({ old, next, prefix })).toEqual(
      reference(old, next, prefix),
    );
  }
});

it("keeps the prefix object the answer omits, and drops nothing on an empty answer outside it", async () => {
  const old: Doc = { "Device.A.": { w: false }, "Device.A.1.X": { v: "1" }, "Device.B.C": { v: "2" } };
  expect(await applied(old, {}, "Device.A.")).toEqual({
    "Device.A.": { w: false },
    "Device.B.C": { v: "2" },
  });
  expect(await applied(old, { "Device.A.1.X": { t: "xsd:int" } }, null)).toEqual({
    ...old,
    "Device.A.1.X": { v: "1", t: "xsd:int" },
  });
  expect(await applied(null, null, null)).toEqual({});
});
