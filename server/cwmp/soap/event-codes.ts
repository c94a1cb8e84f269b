// TR-069 Inform event codes (A.3.3.1, Table 7), canonicalised at parse: CPEs send "1 Boot",
// "m reboot" or doubled spaces, and every rule downstream compares codes exactly.

const STANDARD_CODES = [
  "0 BOOTSTRAP",
  "1 BOOT",
  "2 PERIODIC",
  "3 SCHEDULED",
  "4 VALUE CHANGE",
  "5 KICKED",
  "6 CONNECTION REQUEST",
  "7 TRANSFER COMPLETE",
  "8 DIAGNOSTICS COMPLETE",
  "9 REQUEST DOWNLOAD",
  "10 AUTONOMOUS TRANSFER COMPLETE",
  "11 DU STATE CHANGE COMPLETE",
  "12 AUTONOMOUS DU STATE CHANGE COMPLETE",
  "13 WAKEUP",
  "14 HEARTBEAT",
  "M Reboot",
  "M ScheduleInform",
  "M Download",
  "M ScheduleDownload",
  "M Upload",
  "M ChangeDUState",
] as const;

const BY_KEY = new Map<string, string>(STANDARD_CODES.map((code) => [keyOf(code), code]));

function keyOf(code: string): string {
  return code.trim().replace(/\s+/g, " ").toUpperCase();
}

/** The standard spelling of a known event code; vendor codes ("X OUI ...") are kept, trimmed. */
export function canonicalEventCode(code: string): string {
  return BY_KEY.get(keyOf(code)) ?? code.trim();
}
