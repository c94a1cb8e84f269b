// The ACS started in the bench process itself on a bench database (for the profiling aids that time
// statements next to it: db-costs.ts, db-parts.ts): CWMP only, no authentication, quiet logs.
import { overrideSettings } from "../server/env";
import { startServer } from "../server/start";

export function startAcsOn(databaseUrl: string): ReturnType<typeof startServer> {
  const settings = overrideSettings({
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    PORT: "0",
    CWMP_PORT: "0",
    FILE_PORT: "0",
    BULKDATA_PORT: "0",
    CWMP_AUTH: "none",
    ADMIN_PASSWORD: "xxxxxxxxxx",
    LOG_LEVEL: "warn",
  });
  return startServer({ settings, web: false });
}
