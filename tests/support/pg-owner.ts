// PostgreSQL's server and pgbouncer refuse to run as root: a test running as root starts them as the
// throw-away cluster's owner (scripts/with-postgres.sh sets TEST_PG_RUN_AS).
import { execFileSync } from "node:child_process";

export interface ClusterOwner {
  name: string;
  uid: number;
  gid: number;
}

/** The user to run PostgreSQL tools as, or undefined when this process is not root (run as itself). */
export function clusterOwner(): ClusterOwner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.TEST_PG_RUN_AS ?? "postgres";
  const id = (flag: string) => Number(execFileSync("id", [flag, name]).toString().trim());
  return { name, uid: id("-u"), gid: id("-g") };
}
