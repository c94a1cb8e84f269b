import pino from "pino";
import { LOG_REDACT_PATHS, REDACTED } from "./datamodel/secret-parameters";
import { processSlot } from "./core/process-slot";
import { settings } from "./env";

/** The process logger's slot (tests put a logger writing into the test here). */
export const loggerSlot = processSlot<{ logger: pino.Logger }>("logger");

/** pino options shared by the logger and its test: credentials under these keys never reach a line. */
export const LOG_OPTIONS = {
  base: { app: "vantage" },
  redact: { paths: [...LOG_REDACT_PATHS], censor: REDACTED },
} satisfies pino.LoggerOptions;

/** One structured logger (JSON lines on stdout); modules take a child with their component name. */
export function logger(component?: string): pino.Logger {
  loggerSlot.logger ??= pino({ ...LOG_OPTIONS, level: settings().LOG_LEVEL });
  return component ? loggerSlot.logger.child({ component }) : loggerSlot.logger;
}
