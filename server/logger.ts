import pino from "pino";
import { LOG_REDACT_PATHS, REDACTED } from "./datamodel/secret-parameters";
import { settings } from "./env";

const globalForLog = globalThis as unknown as { __vantageLogger?: pino.Logger };

/** pino options shared by the logger and its test: credentials under these keys never reach a line. */
export const LOG_OPTIONS = {
  base: { app: "vantage" },
  redact: { paths: [...LOG_REDACT_PATHS], censor: REDACTED },
} satisfies pino.LoggerOptions;

/** One structured logger (JSON lines on stdout); modules take a child with their component name. */
export function logger(component?: string): pino.Logger {
  globalForLog.__vantageLogger ??= pino({ ...LOG_OPTIONS, level: settings().LOG_LEVEL });
  return component ? globalForLog.__vantageLogger.child({ component }) : globalForLog.__vantageLogger;
}
