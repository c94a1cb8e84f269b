-- `parameter = value` search (issue 17): an index of each device's (path, value) pairs that Informs
-- repeating their values do not touch. A jsonb_path_ops GIN index on "parameters" indexes every leaf
-- (values, but also each entry's type, writable flag and read timestamp: 1.65 GB at 1M devices) and is
-- lossy, so counting 10,000 matches of a common value decompressed 10,000 documents (332 ms p95). This
-- index holds one 64-bit key per valued entry (442 MB at 1M devices) and is exact for its keys: the
-- bounded count and the materialised matches read no document. Only the key is trusted: two different
-- pairs share a key with probability 2^-64 per pair present in the fleet.
--
-- The key of one pair: the path, length-prefixed so that no (path, value) split of one text equals
-- another's, then the value; hashed to 64 bits. Only pg_catalog functions (an index expression must not
-- depend on search_path). server/devices/search-sql.ts builds the same key for the searched pair.
CREATE OR REPLACE FUNCTION vantage_parameter_key(path text, value text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT pg_catalog.hashtextextended(pg_catalog.length(path)::text || ':' || path || value, 0)
$$;

-- Every entry with a value (objects and secrets, stored without one, have no key). Written out rather
-- than calling vantage_parameter_key per entry: this runs for each document the index stores.
CREATE OR REPLACE FUNCTION vantage_parameter_keys(doc jsonb) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT pg_catalog.array_agg(
           pg_catalog.hashtextextended(pg_catalog.length(e.key)::text || ':' || e.key || (e.value ->> 'v'), 0))
    FROM pg_catalog.jsonb_each(doc) AS e
   WHERE pg_catalog.jsonb_typeof(e.value -> 'v') = 'string'
$$;

-- PostgreSQL updates an expression index only when the row gets a new version outside HOT: an Inform
-- whose values are unchanged keeps "parameters" as it was (informHash), so its HOT update adds no entry.
-- Building it takes ~3 min at 1M devices and blocks writes meanwhile; a large fleet can build it
-- beforehand with CREATE INDEX CONCURRENTLY under the same name, which IF NOT EXISTS then keeps.
CREATE INDEX IF NOT EXISTS "Device_parameter_keys_idx" ON "Device" USING gin (vantage_parameter_keys("parameters"));
