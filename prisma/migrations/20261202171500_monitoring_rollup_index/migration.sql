-- Monitoring time series, third step (hand-written like the first two).
-- Top offenders rank a dimension's keys over a range by impaired viewing time; only rows with some
-- impaired time can rank, a few percent of them. A partial covering index per rollup level makes that
-- ranking a scan of the range's impaired rows alone (narrow tuples) instead of a sequential scan of the
-- whole wide partition (every dimension, 40 columns). Partitions created later inherit it.
CREATE INDEX "stream_rollup_15m_impaired" ON "stream_rollup_15m" (dim, bucket) INCLUDE (key, impaired_any) WHERE impaired_any > 0;
CREATE INDEX "stream_rollup_1h_impaired" ON "stream_rollup_1h" (dim, bucket) INCLUDE (key, impaired_any) WHERE impaired_any > 0;
CREATE INDEX "stream_rollup_1d_impaired" ON "stream_rollup_1d" (dim, bucket) INCLUDE (key, impaired_any) WHERE impaired_any > 0;
