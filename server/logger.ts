import pino from "pino";
import { settings } from "./env";

const globalForLog = globalThis as unknown as { __vantageLogger?: pino.Logger };

/** One structured logger (JSON lines on stdout); modules take a child with their component name. */
export function logger(component?: string): pino.Logger {
  globalForLog.__vantageLogger ??= pino({ level: settings().LOG_LEVEL, base: { app: "vantage" } });
  return component ? globalForLog.__vantageLogger.child({ component }) : globalForLog.__vantageLogger;
}
