// IP ping / traceroute diagnostics: plausible results computed after the session that requested
// them, then a new session with 8 DIAGNOSTICS COMPLETE (TR-069 A.4.2.2 / DiagnosticsState rules).
import type { SimDevice } from "./device";

const TR098_HOP = { host: "HopHost", address: "HopHostAddress", error: "HopErrorCode", rtt: "HopRTTimes" };
const TR181_HOP = { host: "Host", address: "HostAddress", error: "ErrorCode", rtt: "RTTimes" };

function finishPing(device: SimDevice, obj: string): void {
  const t = device.tree;
  const rng = device.rng;
  const reps = Number(t.get(`${obj}NumberOfRepetitions`) ?? 4) || 4;
  const lossy = rng.chance(0.1);
  const failures = lossy ? rng.int(1, reps) : 0;
  const base = rng.int(8, 40);
  const min = failures === reps ? 0 : base;
  const max = failures === reps ? 0 : base + rng.int(1, 30);
  t.set(`${obj}SuccessCount`, reps - failures);
  t.set(`${obj}FailureCount`, failures);
  t.set(`${obj}MinimumResponseTime`, min);
  t.set(`${obj}MaximumResponseTime`, max);
  t.set(`${obj}AverageResponseTime`, Math.round((min + max) / 2));
}

function finishTraceRoute(device: SimDevice, obj: string): void {
  const t = device.tree;
  const rng = device.rng;
  const names = device.identity.kind === "dng" ? TR098_HOP : TR181_HOP;
  const table = `${obj}RouteHops.`;
  for (const n of t.instances(table)) t.deleteInstance(`${table}${n}.`);
  const hops = rng.int(4, 9);
  let rtt = 1;
  for (let i = 1; i <= hops; i++) {
    rtt += rng.int(1, 8);
    const address =
      i === 1 ? (device.identity.kind === "stb" ? "192.168.1.1" : "100.64.255.1") : `198.51.100.${i}`;
    const n = t.addInstance(table);
    t.set(`${table}${n}.${names.host}`, i === hops ? (t.get(`${obj}Host`) ?? "") : address);
    t.set(`${table}${n}.${names.address}`, address);
    t.set(`${table}${n}.${names.error}`, 0);
    t.set(`${table}${n}.${names.rtt}`, [rtt, rtt + rng.int(0, 3), rtt + rng.int(0, 3)].join(","));
  }
  t.set(`${obj}ResponseTime`, rtt);
}

/** Run the diagnostic of `obj` ("...IPPingDiagnostics." etc.) once the current session is over. */
export function scheduleDiagnostics(device: SimDevice, obj: string): void {
  device.afterSession.push(() => {
    device.schedule(1000 * device.settings.timeScale, () => {
      if (device.tree.get(`${obj}DiagnosticsState`) !== "Requested") return; // canceled meanwhile
      const host = device.tree.get(`${obj}Host`) ?? "";
      if (host === "") device.tree.set(`${obj}DiagnosticsState`, "Error_CannotResolveHostName");
      else {
        if (/Ping/.test(obj)) finishPing(device, obj);
        else finishTraceRoute(device, obj);
        device.tree.set(`${obj}DiagnosticsState`, "Complete");
      }
      device.requestSession([{ eventCode: "8 DIAGNOSTICS COMPLETE", commandKey: "" }]);
    });
  });
}
