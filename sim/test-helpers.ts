// Builders shared by the simulator's tests.
import { SimDevice } from "./device";
import { planFleet } from "./fleet-plan";

export function makeDevice(kind: "dng" | "stb", seed = 7): SimDevice {
  const plan = planFleet({ devices: 4, seed });
  const identity = plan.find((p) => p.kind === kind)!;
  const d = new SimDevice(identity, {
    acsUrl: "http://127.0.0.1:1/",
    username: "cpe",
    password: "secret",
    periodicInterval: 300,
    household: plan.filter((p) => p.gatewaySerial === identity.gatewaySerial),
    connectionRequestBase: "http://127.0.0.1:1/cr/",
    timeScale: 0.001,
  });
  // Run scheduled work synchronously-ish in tests: collect instead of timers.
  d.schedule = (_ms, fn) => void setTimeout(fn, 0);
  return d;
}
