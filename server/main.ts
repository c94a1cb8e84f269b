// `npm start`: one Vantage process. A wrong setting stops start-up with a one-line message naming it.
import { settings, SettingsError } from "./env";
import { logger } from "./logger";
import { startServer } from "./start";

async function main(): Promise<void> {
  let s;
  try {
    s = settings();
  } catch (error) {
    if (error instanceof SettingsError) {
      process.stderr.write(`vantage: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = logger("main");
  const running = await startServer({ settings: s });
  if (running.adminLogin.generatedPassword) {
    // Printed once, on the run that created the first operator.
    process.stdout.write(
      `\nFirst administrator created: username "${running.adminLogin.username}", password "${running.adminLogin.generatedPassword}"\n` +
        `(set ADMIN_PASSWORD to choose it; change it after logging in)\n\n`,
    );
  }
  process.stdout.write(
    `Vantage console: ${running.webUrl}\nCWMP endpoint (ACS URL for CPEs): ${running.cwmpUrl}\n`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // CPEs get CWMP_SHUTDOWN_GRACE to answer their outstanding RPC; past that and a margin, give up.
    const force = setTimeout(() => process.exit(1), (s.CWMP_SHUTDOWN_GRACE + 15) * 1000);
    force.unref();
    running
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  logger("main").fatal({ err }, "start-up failed");
  process.stderr.write(`vantage: start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
