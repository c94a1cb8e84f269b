// Before measuring: every device's first contact (0 BOOTSTRAP: the ACS creates its row and queues
// its provisioning tasks) is run by the simulator, which answers whatever the ACS asks; then
// periodic sessions repeat until a device's session has no ACS request left (steady state).
import type { SimDevice } from "../sim/device";
import { runSession } from "../sim/session";

export interface WarmupResult {
  /** ACS requests the devices answered (bootstrap provisioning) */
  rpcs: number;
  notSteady: string[];
}

async function warmDevice(
  device: SimDevice,
  maxSessions: number,
): Promise<{ rpcs: number; steady: boolean; error?: string }> {
  let rpcs = 0;
  let error: string | undefined;
  for (let i = 0; i < maxSessions; i++) {
    if (i > 0) device.addEvents([{ eventCode: "2 PERIODIC", commandKey: "" }]);
    const result = await runSession(device, { timeoutMs: 30_000 });
    rpcs += result.rpcs;
    if (!result.ok) error = result.error;
    else if (i > 0 && result.rpcs === 0) return { rpcs, steady: true };
  }
  return { rpcs, steady: false, error };
}

export async function warmUp(devices: SimDevice[], maxSessions = 5): Promise<WarmupResult> {
  const results = await Promise.all(devices.map((d) => warmDevice(d, maxSessions)));
  return {
    rpcs: results.reduce((n, r) => n + r.rpcs, 0),
    notSteady: results.flatMap((r, i) =>
      r.steady ? [] : [`${devices[i]?.serial}: ${r.error ?? "ACS kept sending requests"}`],
    ),
  };
}
