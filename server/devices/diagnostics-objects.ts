// Where a device keeps its IP ping and traceroute diagnostics. Vendor trees put them in non-standard
// places (a Device:1 / TR-106 box has `Device.LAN.IPPingDiagnostics.`, vendors add `X_<OUI>_` objects),
// so the objects are found in the device's own parameter document (its GetParameterNames / values);
// the standard TR-098 / TR-181 objects are the fallback for a device whose tree is not known yet.
// One resolver serves the action that starts a diagnostic, the read on 8 DIAGNOSTICS COMPLETE and
// the console's results, so all three always use the same place. No "server-only": provisioning,
// which runs in the CWMP process, uses it too.
import { db } from "../db";

export type DiagnosticsKind = "ping" | "traceroute";
export type DiagnosticsObjects = Record<DiagnosticsKind, string>;

export interface ResolvedDiagnostics extends DiagnosticsObjects {
  /** the kinds whose object the device's document has (the others are the standard fallback) */
  inDocument: DiagnosticsKind[];
}

export const DIAGNOSTICS_PATHS = {
  InternetGatewayDevice: {
    ping: "InternetGatewayDevice.IPPingDiagnostics.",
    traceroute: "InternetGatewayDevice.TraceRouteDiagnostics.",
  },
  Device: { ping: "Device.IP.Diagnostics.IPPing.", traceroute: "Device.IP.Diagnostics.TraceRoute." },
} as const satisfies Record<string, DiagnosticsObjects>;

/** Last segment(s) naming each kind's object: TR-098/Device:1 style, vendor-prefixed, or TR-181. */
const KIND_PATTERN: Record<DiagnosticsKind, RegExp> = {
  ping: /(?:^|\.)(?:[A-Za-z0-9_]*IPPingDiagnostics|Diagnostics\.IPPing)\.$/,
  traceroute: /(?:^|\.)(?:[A-Za-z0-9_]*TraceRouteDiagnostics|Diagnostics\.TraceRoute)\.$/,
};

/** A diagnostics object is recognised by its DiagnosticsState parameter (every location has one). */
const STATE_KEY_SQL = String.raw`(IPPingDiagnostics|Diagnostics\.IPPing|TraceRouteDiagnostics|Diagnostics\.TraceRoute)\.DiagnosticsState$`;

function standardFor(root: string | null | undefined): DiagnosticsObjects | undefined {
  return root && root in DIAGNOSTICS_PATHS
    ? DIAGNOSTICS_PATHS[root as keyof typeof DIAGNOSTICS_PATHS]
    : undefined;
}

/**
 * Pick each kind's object among the objects the document has: the standard one when present, else
 * the shallowest (then alphabetically first) under the device's root; the standard path otherwise.
 */
export function chooseDiagnosticsObjects(
  root: string | null | undefined,
  objects: readonly string[],
): ResolvedDiagnostics | null {
  const standard = standardFor(root);
  const inDocument: DiagnosticsKind[] = [];
  const pick = (kind: DiagnosticsKind): string | undefined => {
    const found = objects.filter((o) => KIND_PATTERN[kind].test(o) && (!root || o.startsWith(`${root}.`)));
    if (found.length) inDocument.push(kind);
    if (standard && found.includes(standard[kind])) return standard[kind];
    const depth = (p: string) => p.split(".").length;
    return found.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))[0] ?? standard?.[kind];
  };
  const ping = pick("ping");
  const traceroute = pick("traceroute");
  return ping && traceroute ? { ping, traceroute, inDocument } : null;
}

/** The device's ping and traceroute objects (paths ending in "."); null when none can be known. */
export async function diagnosticsObjects(deviceId: number): Promise<ResolvedDiagnostics | null> {
  const rows = await db().$queryRawUnsafe<{ root: string | null; key: string | null }[]>(
    `SELECT d."rootObject" AS root, k.key
       FROM "Device" d
       LEFT JOIN LATERAL (SELECT jsonb_object_keys(d.parameters) AS key) k ON k.key ~ $2
      WHERE d.id = $1`,
    deviceId,
    STATE_KEY_SQL,
  );
  if (rows.length === 0) return null;
  const objects = rows.flatMap((r) => (r.key ? [r.key.slice(0, -"DiagnosticsState".length)] : []));
  return chooseDiagnosticsObjects(rows[0]!.root, objects);
}
