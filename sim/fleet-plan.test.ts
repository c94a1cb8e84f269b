import { describe, expect, it } from "vitest";
import { validateValue } from "../server/datamodel/index";
import { SimDevice } from "./device";
import { evolveDevice } from "./evolve";
import { planFleet } from "./fleet-plan";

const settings = (household: ReturnType<typeof planFleet>) => ({
  acsUrl: "http://127.0.0.1:1/",
  username: "",
  password: "",
  periodicInterval: 300,
  household,
  connectionRequestBase: "http://127.0.0.1:1/cr/",
  timeScale: 1,
});

describe("fleet plan", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = planFleet({ devices: 50, seed: 42 });
    const b = planFleet({ devices: 50, seed: 42 });
    expect(a).toEqual(b);
    expect(planFleet({ devices: 50, seed: 43 }).map((d) => d.serial)).not.toEqual(a.map((d) => d.serial));
    expect(new Set(a.map((d) => d.serial)).size).toBe(50);
    expect(new Set(a.map((d) => d.mac)).size).toBe(50);
  });

  it("pairs ~30% DNGs with the STBs behind them", () => {
    const plan = planFleet({ devices: 100, seed: 1, stbRatio: 0.7 });
    const dngs = plan.filter((d) => d.kind === "dng");
    expect(dngs).toHaveLength(30);
    for (const stb of plan.filter((d) => d.kind === "stb")) {
      const gw = dngs.find((g) => g.serial === stb.gatewaySerial)!;
      expect(gw.stbSerials).toContain(stb.serial);
      expect(gw.subscriberId).toBe(stb.subscriberId);
    }
  });

  it("builds trees whose every value conforms to the data model, before and after evolution", () => {
    const plan = planFleet({ devices: 6, seed: 9 });
    const dng = plan.find((d) => d.kind === "dng")!;
    const household = plan.filter((p) => p.gatewaySerial === dng.serial);
    for (const identity of household) {
      const d = new SimDevice(identity, settings(household));
      const sampling = d.tree.params.get("Device.Services.STBService.1.ServiceMonitoring.SampleEnable");
      if (sampling) sampling.value = "true";
      evolveDevice(d, Date.now());
      evolveDevice(d, Date.now() + 3600_000);
      for (const [path, p] of d.tree.params) {
        const r = validateValue(p.facts, d.tree.get(path) ?? "");
        expect(r.ok, `${path}=${d.tree.get(path)}: ${r.ok ? "" : r.message}`).toBe(true);
      }
      if (identity.kind === "stb") {
        expect(d.get("Device.GatewayInfo.SerialNumber")).toBe(dng.serial);
        expect(d.get("Device.DeviceInfo.ProvisioningCode")).toBe(dng.subscriberId);
        const samples = d.get(
          "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.Sample.RTPStats.PacketsReceived",
        );
        expect(samples?.split(",")).toHaveLength(12);
      } else {
        const hosts = household.filter((h) => h.kind === "stb").length;
        expect(d.get("InternetGatewayDevice.ManagementServer.ManageableDeviceNumberOfEntries")).toBe(
          String(hosts),
        );
      }
    }
  });

  it("gives the same values for the same seed", () => {
    const plan = planFleet({ devices: 3, seed: 5 });
    const household = plan.filter((p) => p.gatewaySerial === plan[0]!.serial);
    const a = new SimDevice(plan[0]!, settings(household));
    const b = new SimDevice(plan[0]!, settings(household));
    const values = (d: SimDevice) =>
      [...d.tree.params].filter(([k]) => !k.endsWith("UpTime")).map(([k, p]) => [k, p.value]);
    expect(values(a)).toEqual(values(b));
  });
});
