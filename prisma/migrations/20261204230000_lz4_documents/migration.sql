-- The parameter document (and a task's kept answer) compressed with lz4 instead of pglz when
-- PostgreSQL is built with it (Debian's is): a whole-tree read's write of a ~450-entry document took
-- 3.08 ms with pglz, 2.54 with lz4 (median of 5 rounds of 40, PostgreSQL 15), and every read of a
-- document decompresses it. Rows already stored keep pglz until they are written again; both read
-- the same. The embedded PGlite has no lz4 (feature_not_supported): it keeps pglz.
DO $$
BEGIN
  ALTER TABLE "Device" ALTER COLUMN "parameters" SET COMPRESSION lz4;
  ALTER TABLE "Task" ALTER COLUMN "result" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 not available: documents stay pglz-compressed';
END
$$;
