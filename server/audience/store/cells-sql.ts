// The statements that turn one local day's sessions into published cells. Set-based (the work is in
// the database, whatever the number of sessions), the same SQL on PGlite and PostgreSQL.
//
// Every statement reads sessions that started in [scanFrom, to) and end after `from`: the partitions
// of the day plus MAX_SESSION_SPAN_MS before it (a session started the evening before still counts).
// A session's seconds are spread evenly over its span: the part of it in a window is
// secs × overlap / (end - start) (AudienceStats gives a duration per poll window, not times).
//
// Households: pseudonyms of different periods (week/month keys) cannot be linked, so a household whose
// sessions fall in two periods within one cell has two pseudonyms. Counting both would let fewer than
// k real households pass the k check; every count here is therefore the LARGEST per-period count of
// distinct pseudonyms, a lower bound of the true number (never above it), and k is checked on it.

/**
 * How far before a day sessions are looked for. A session is one poll or report window (minutes to a
 * day); collection (collect/write-sessions.ts) keeps only the last stretch this long of a longer one,
 * so every stored second is found by the days it overlaps.
 */
export const MAX_SESSION_SPAN_MS = 2 * 86_400_000;

/** A session's seconds inside [lo, hi) (float8). */
function secsWithin(lo: string, hi: string): string {
  // date_part, not extract: extract returns numeric (slow) since PostgreSQL 14, date_part float8.
  return `s.secs * date_part('epoch', least(s.end_at, ${hi}) - greatest(s.start_at, ${lo}))
          / date_part('epoch', s.end_at - s.start_at)`;
}

/** Start of the UTC hour holding a timestamptz expression. */
const utcHour = (expr: string) => `(date_trunc('hour', (${expr}) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;

/** At least a minute (float tolerance: a minute split into parts adds up to 59.9999...). */
const REACH_SECS = "(60 - 1e-6)";

/**
 * Hour cells of the day: $1 first hour of the day, $2 end of its last hour, $3 scanFrom, $4 k.
 * A UTC hour belongs to the local day its start falls in, so the day's hours start in
 * [ceil-hour(day start), day end) and the last one may end after the local day (zones at :30).
 */
export const INSERT_HOUR_CELLS = `
INSERT INTO "AudienceHourCell" (hour, "channelId", "regionId", suppressed, secs)
SELECT hour, channel_id, region_id, max(n) < $4::int4, CASE WHEN max(n) >= $4::int4 THEN round(sum(secs))::int8 END
FROM (
  SELECT hour, channel_id, region_id, period, count(*) AS n, sum(secs) AS secs
  FROM (
    SELECT h.hour, s.channel_id, s.region_id, s.period, s.household,
           sum(${secsWithin("h.hour", "h.hour + interval '1 hour'")}) AS secs
    FROM audience_session s
    CROSS JOIN LATERAL generate_series(
      ${utcHour("greatest(s.start_at, $1::timestamptz)")},
      ${utcHour("least(s.end_at, $2::timestamptz) - interval '1 microsecond'")},
      interval '1 hour') AS h(hour)
    WHERE s.start_at >= $3::timestamptz AND s.start_at < $2::timestamptz AND s.end_at > $1::timestamptz
    GROUP BY 1, 2, 3, 4, 5
  ) viewers
  GROUP BY 1, 2, 3, 4
) p
GROUP BY 1, 2, 3`;

/**
 * Day cells and panel of the day in one statement over one scan: each household's seconds per channel
 * in [$2, $3) (viewing), then reach per channel (a minute on it) and the panel (a minute of anything,
 * summed over channels). $1 day, $4 scanFrom, $5 k.
 */
export const INSERT_DAY_CELLS_AND_PANEL = `
WITH viewing AS MATERIALIZED (
  SELECT s.channel_id, s.region_id, s.segment, s.period, s.household,
         sum(${secsWithin("$2::timestamptz", "$3::timestamptz")}) AS secs
  FROM audience_session s
  WHERE s.start_at >= $4::timestamptz AND s.start_at < $3::timestamptz AND s.end_at > $2::timestamptz
  GROUP BY 1, 2, 3, 4, 5
), day_cells AS (
  INSERT INTO "AudienceDayCell" (day, "channelId", "regionId", segment, suppressed, households)
  SELECT $1::date, channel_id, region_id, segment, max(n) < $5::int4,
         CASE WHEN max(n) >= $5::int4 THEN max(n)::int4 END
  FROM (
    SELECT channel_id, region_id, segment, period, count(*) AS n
    FROM viewing WHERE secs >= ${REACH_SECS}
    GROUP BY 1, 2, 3, 4
  ) p
  GROUP BY 2, 3, 4
)
INSERT INTO "AudiencePanelDay" (day, "regionId", segment, suppressed, households)
SELECT $1::date, region_id, segment, max(n) < $5::int4, CASE WHEN max(n) >= $5::int4 THEN max(n)::int4 END
FROM (
  SELECT region_id, segment, period, count(*) AS n
  FROM (
    SELECT region_id, segment, period, household FROM viewing
    GROUP BY 1, 2, 3, 4
    HAVING sum(secs) >= ${REACH_SECS}
  ) panel
  GROUP BY 1, 2, 3
) p
GROUP BY 2, 3`;

/** The day's hour cells: hours starting in [$1, $2). */
export const DELETE_HOUR_CELLS = `DELETE FROM "AudienceHourCell" WHERE hour >= $1::timestamptz AND hour < $2::timestamptz`;
export const DELETE_DAY_CELLS = `DELETE FROM "AudienceDayCell" WHERE day = $1::date`;
export const DELETE_PANEL = `DELETE FROM "AudiencePanelDay" WHERE day = $1::date`;
