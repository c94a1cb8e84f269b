-- Audience viewing sessions (issue 12), hand-written: Prisma cannot declare partitioned tables.
-- Pseudonymous by construction: no device id, serial or subscriber id, only keyed pseudonyms (HMAC with
-- the period's key, AudiencePeriodKey) of the household and the box. Kept AUDIENCE_SESSION_DAYS (daily
-- partitions, dropped whole by retention), then only the published cells (AudienceHourCell, ...) remain.
CREATE TABLE "audience_session" (
  -- the pseudonym period ("2026-W49" / "2026-12"): which key made household/box
  period text NOT NULL,
  household text NOT NULL,
  box text NOT NULL,
  channel_id integer NOT NULL,
  -- 0 when the household's region is unknown
  region_id integer NOT NULL DEFAULT 0,
  segment text NOT NULL DEFAULT '',
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  -- seconds watched between start_at and end_at (<= the window: AudienceStats gives durations, not times)
  secs integer NOT NULL,
  -- 1 AudienceStats durations, 2 channel per monitoring interval
  source smallint NOT NULL,
  CHECK (end_at > start_at AND secs > 0)
) PARTITION BY RANGE (start_at);
CREATE INDEX "audience_session_start_brin" ON "audience_session" USING brin (start_at);
CREATE INDEX "audience_session_household" ON "audience_session" (period, household);
