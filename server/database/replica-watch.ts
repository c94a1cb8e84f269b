// Watches the read replica (READ_DATABASE_URL). It is optional, so one that stops answering must not
// take searches and dashboards down with it: readDb() reads from the primary until it answers again.
import type pg from "pg";
import { logger } from "../logger";

/** How often the replica is asked; a failed replica is left within about this long. */
export const REPLICA_PROBE_MS = 5_000;
/** A replica that takes longer than this for SELECT 1 (blackholed, overloaded) counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

export class ReplicaWatch {
  healthy = true;
  private probing = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    everyMs = REPLICA_PROBE_MS,
  ) {
    this.timer = setInterval(() => void this.probe(), everyMs).unref();
    void this.probe(); // a replica already down at start is left at once
  }

  async probe(): Promise<void> {
    if (this.probing) return; // a hung probe must not pile up others behind it
    this.probing = true;
    try {
      const answered = await answers(this.pool);
      if (answered !== this.healthy) {
        const log = logger("db");
        if (answered) log.info("read replica answers again: dashboards and searches read from it");
        else log.warn("read replica does not answer: dashboards and searches read from the primary");
      }
      this.healthy = answered;
    } finally {
      this.probing = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function answers(pool: pg.Pool): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([
      pool.query("SELECT 1").then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
