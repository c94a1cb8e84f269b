-- Monitoring time series, second step (hand-written like the first).
-- Histograms of a rollup row hold viewing seconds (qoe_hist) and zap counts (zap_hist) summed over a
-- whole bucket and scope: a fleet-day of 100k boxes is 8.6e9 seconds, past integer. bigint[] instead.
ALTER TABLE "stream_rollup_15m" ALTER COLUMN zap_hist TYPE bigint[], ALTER COLUMN qoe_hist TYPE bigint[];
ALTER TABLE "stream_rollup_1h" ALTER COLUMN zap_hist TYPE bigint[], ALTER COLUMN qoe_hist TYPE bigint[];
ALTER TABLE "stream_rollup_1d" ALTER COLUMN zap_hist TYPE bigint[], ALTER COLUMN qoe_hist TYPE bigint[];

-- A drill-down reads the raw rows of one channel, access node or region over a range: btree per
-- dimension and time (partition-local; the per-device btree is the unique key).
CREATE INDEX "stream_interval_channel_ts" ON "stream_interval" (channel_id, ts);
CREATE INDEX "stream_interval_access_node_ts" ON "stream_interval" (access_node_id, ts);
CREATE INDEX "stream_interval_region_ts" ON "stream_interval" (region_id, ts);
CREATE INDEX "stream_interval_model_ts" ON "stream_interval" (model, software, ts);
