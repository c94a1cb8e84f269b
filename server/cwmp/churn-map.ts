// Lives in server/cwmp because the protocol stack imports nothing outside itself; it knows no protocol.
// A map for entries that come and go all the time (live sessions, per-session state), kept in a
// dictionary-mode object instead of a Map.
//
// Why not a Map: V8 stores a Map in an OrderedHashTable that is replaced whenever adds and deletes have
// filled it, and every replaced table keeps a pointer to its successor (for iterators still walking
// it). Once one table of that chain is in the old generation (a mark-compact promotes the live one),
// the young-generation collector, which cannot tell a dead old object from a live one, keeps every
// later table alive, and with them the values they held: short-lived sessions survived into the old
// generation and cost a mark-compact later. A dictionary object's replaced table points to nothing.
// Measured (`--trace-gc-nvp`): a 20-entry Map churned with 5 KB values promoted 30 % of what was
// allocated, the same entries in an object 1 %; the CWMP listener on its in-memory backend (an ad-hoc
// harness) 6 % -> 0.6 %; the ACS on PostgreSQL 4.5 -> 3.4 KiB a session (`npm run bench -- --targets
// postgres --gc`, two alternating pairs; the rest has another cause, bench/README.md).
//
// Keys are strings or non-negative integers. Iteration visits integer keys in ascending order, then
// string keys in insertion order (as for any object); a string key that is an array index (a
// canonical decimal number below 2^32 - 1) counts as an integer key.
export class ChurnMap<K extends string | number, V> {
  private table: Record<K, V> = Object.create(null) as Record<K, V>;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    return this.table[key];
  }

  has(key: K): boolean {
    return key in this.table;
  }

  set(key: K, value: V): this {
    if (!(key in this.table)) this.count += 1;
    this.table[key] = value;
    return this;
  }

  delete(key: K): boolean {
    if (!(key in this.table)) return false;
    delete this.table[key];
    this.count -= 1;
    return true;
  }

  clear(): void {
    this.table = Object.create(null) as Record<K, V>;
    this.count = 0;
  }

  /** Values in iteration order; entries set or deleted meanwhile may or may not be visited. */
  *values(): IterableIterator<V> {
    for (const key in this.table) yield this.table[key];
  }

  /** Entries in iteration order, an integer key as its decimal text. */
  *entries(): IterableIterator<[string, V]> {
    for (const key in this.table) yield [key, this.table[key]];
  }
}
