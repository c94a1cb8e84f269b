// Audience checks for the product journey, read straight from the server's store. The store holds
// households only as keyed pseudonyms (server/audience/pseudonym.ts): to count one household's sessions
// exactly, this computes its pseudonym under every live period key the way the server does, opening the
// sealed keys with the server's own secrets file (<DATA_DIR>/secrets.json). Nothing is written here.
import { createHmac } from "node:crypto";
import path from "node:path";
import { loadOrCreateKeyFile, openSecret } from "../../server/secrets-file";
import { DATA_DIR_ENV } from "./constants";
import { testDb } from "./db";

/** server/audience/pseudonym.ts: base64url(HMAC-SHA256(period key, "household:" + key)), 22 characters. */
const PSEUDONYM_LENGTH = 22;

function secretsKey(): Buffer {
  const dataDir = process.env[DATA_DIR_ENV];
  if (!dataDir) throw new Error(`${DATA_DIR_ENV} is not set: run the tests through playwright.config.ts`);
  // The server created it at start-up (it seals its keys with it); this only reads it.
  return loadOrCreateKeyFile(path.join(dataDir, "secrets.json"));
}

/** The household's pseudonyms under every period key the server holds now. */
export async function householdPseudonyms(household: string): Promise<string[]> {
  const key = secretsKey();
  const periods = await testDb().audiencePeriodKey.findMany();
  return periods.map((p) =>
    createHmac("sha256", Buffer.from(openSecret(p.sealedKey, key), "base64url"))
      .update(`household:${household}`, "utf8")
      .digest("base64url")
      .slice(0, PSEUDONYM_LENGTH),
  );
}

/** Stored viewing sessions of these households (by their pseudonyms in every live period). */
export async function sessionsOfHouseholds(households: string[]): Promise<number> {
  const pseudonyms = (await Promise.all(households.map(householdPseudonyms))).flat();
  if (pseudonyms.length === 0) return 0;
  const [row] = await testDb().$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM audience_session WHERE household = ANY($1::text[])`,
    pseudonyms,
  );
  return Number(row?.n ?? 0);
}

/** All stored sessions, and how many distinct household pseudonyms they carry. */
export async function sessionTotals(): Promise<{ sessions: number; households: number }> {
  const [row] = await testDb().$queryRawUnsafe<{ n: bigint; h: bigint }[]>(
    `SELECT count(*) AS n, count(DISTINCT household) AS h FROM audience_session`,
  );
  return { sessions: Number(row?.n ?? 0), households: Number(row?.h ?? 0) };
}

/** Published and suppressed cells of the three grids. */
export async function cellCounts(): Promise<{
  hourPublished: number;
  hourSuppressed: number;
  dayPublished: number;
  daySuppressed: number;
}> {
  const db = testDb();
  const [hourPublished, hourSuppressed, dayPublished, daySuppressed] = await Promise.all([
    db.audienceHourCell.count({ where: { suppressed: false } }),
    db.audienceHourCell.count({ where: { suppressed: true } }),
    db.audienceDayCell.count({ where: { suppressed: false } }),
    db.audienceDayCell.count({ where: { suppressed: true } }),
  ]);
  return { hourPublished, hourSuppressed, dayPublished, daySuppressed };
}

/** A few stored pseudonyms (households and boxes): none may ever appear in an export. */
export async function somePseudonyms(limit = 50): Promise<string[]> {
  const rows = await testDb().$queryRawUnsafe<{ household: string; box: string }[]>(
    `SELECT household, box FROM audience_session LIMIT $1`,
    limit,
  );
  return [...new Set(rows.flatMap((r) => [r.household, r.box]))];
}
