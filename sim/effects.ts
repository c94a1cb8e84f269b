// What a CPE does when the ACS writes certain parameters: start diagnostics, reset statistics,
// re-arm the periodic inform timer, re-bootstrap after an ACS URL change, (re)start the STUN client.
import { AUDIENCE } from "./build-stb";
import type { SimDevice } from "./device";
import { scheduleDiagnostics } from "./diagnostics";
import { clearSamples } from "./evolve";
import { resetAudience } from "./monitoring/stb-counters";

/** `value` is what the ACS wrote (as stored), `previous` what the parameter held before. */
export function applySetEffects(device: SimDevice, path: string, value: string, previous: string): void {
  const t = device.tree;
  const obj = path.slice(0, path.lastIndexOf(".") + 1);
  const name = path.slice(obj.length);
  if (name === "DiagnosticsState" && value === "Requested") {
    scheduleDiagnostics(device, obj);
    return;
  }
  if (obj === `${device.root}ManagementServer.`) {
    if (name.startsWith("PeriodicInform")) device.periodicChanged();
    if (name.startsWith("STUN")) device.stunChanged(); // TR-111 client (sim/stun)
    if (name === "URL") device.bootstrapped = false; // TR-069: a new ACS URL means 0 BOOTSTRAP
    return;
  }
  if (obj === AUDIENCE) {
    // TR-135: resetting (Reset, or enabling collection that was off) empties the per-channel durations
    // and restarts ResetTime; rewriting Enable=true on a running collection changes nothing.
    const enabled = name === "Enable" && value === "true" && previous !== "true";
    if ((name === "Reset" && value === "true") || enabled) resetAudience(t);
    if (name === "Reset") t.params.get(path)!.value = "false"; // Reset always reads false
    return;
  }
  if (/ServiceMonitoring\.MainStream\.\d+\.Total\.$/.test(obj) && name === "Reset" && value === "true") {
    for (const [p, sp] of t.params) {
      if (p.startsWith(obj) && p !== path && !sp.writable) sp.value = sp.facts.L ? "" : "0";
    }
    t.params.get(path)!.value = "false";
    return;
  }
  if (/ServiceMonitoring\.$/.test(obj)) {
    if (name === "SampleEnable") {
      clearSamples(device);
      t.set(`${obj}SampleState`, value === "true" ? "Enabled" : "Disabled");
    } else if (name === "SampleInterval" || name === "TimeReference") clearSamples(device);
    else if (name === "ForceSample") t.params.get(path)!.value = "false";
  }
}
