// Which statistics to ask a device for, from the objects its parameter document shows it has. Partial
// paths: one GetParameterValues returns the whole Sample/Total subtree, bounded by what the CPE holds.
// Pure.

/** Object prefixes the statistics live under, as found in the document (see OBJECT_REGEX). */
export const OBJECT_REGEX = String.raw`^((Device|InternetGatewayDevice)\.Services\.STBService\.[0-9]+\.|InternetGatewayDevice\.WANDevice\.[0-9]+\.WANDSLInterfaceConfig\.|Device\.DSL\.(Line|Channel)\.[0-9]+\.)`;

/** At most this many names in one poll: a CPE with many services still gets one bounded request. */
export const MAX_POLL_NAMES = 32;

export function pollNames(rootObject: string, prefixes: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const p of prefixes) {
    if (/\.STBService\.\d+\.$/.test(p)) {
      names.add(`${p}ServiceMonitoring.`);
      names.add(`${p}AVStreams.`);
      names.add(`${p}Components.FrontEnd.`);
      // Audience measurement's input (per-channel viewing seconds): hidden from roles without
      // audience.read wherever the tree is shown (lib/audience/paths.ts).
      names.add(`${p}Applications.AudienceStats.`);
    } else if (p.endsWith(".WANDSLInterfaceConfig.")) {
      names.add(p);
      names.add(p.replace("WANDSLInterfaceConfig.", "WANCommonInterfaceConfig."));
    } else names.add(p);
  }
  if (names.size === 0) return [];
  names.add(`${rootObject}.DeviceInfo.UpTime`);
  return [...names].sort().slice(0, MAX_POLL_NAMES);
}

/** A path belongs to a poll's answer when it lies under one of the names asked. */
export const answerRegex = (names: readonly string[]) =>
  `^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`;
