// The benchmark's CPEs: distinct simulated devices (TR-181 set-top boxes and TR-098 gateways from
// sim/), each with its Inform pre-serialised once so the load generator spends its CPU on HTTP only.
import { serializeEnvelope } from "../server/cwmp/soap";
import type { InformRequest } from "../server/cwmp/soap/types";
import { isoNow } from "../sim/build-common";
import { SimDevice } from "../sim/device";
import { planFleet } from "../sim/fleet-plan";

export const CWMP_NAMESPACE = "urn:dslforum-org:cwmp-1-2";
export const CWMP_VERSION = "1.2" as const;
/** Stands in for the per-session cwmp:ID in pre-serialised envelopes. */
const ID_MARK = "BENCHIDMARK";

/** An envelope with a hole for the cwmp:ID: before + id + after. */
export interface Template {
  before: string;
  after: string;
}

export function fill(t: Template, id: string): string {
  return t.before + id + t.after;
}

function template(xml: string): Template {
  const at = xml.indexOf(ID_MARK);
  if (at < 0 || xml.indexOf(ID_MARK, at + 1) >= 0) throw new Error("ID mark not found exactly once");
  return { before: xml.slice(0, at), after: xml.slice(at + ID_MARK.length) };
}

export interface BenchDevice {
  sim: SimDevice;
  serial: string;
  /** The steady-state Inform ("2 PERIODIC") of this device. */
  inform: Template;
  parameters: number;
}

export function makeDevices(count: number, acsUrl: string, seed = 2026): BenchDevice[] {
  const plan = planFleet({ devices: count, seed });
  return plan.map((identity) => {
    const sim = new SimDevice(identity, {
      acsUrl,
      username: "",
      password: "",
      periodicInterval: 300,
      household: plan.filter((p) => p.gatewaySerial === identity.gatewaySerial),
      // Nothing listens there: the ACS's wake-ups during warm-up fail fast and are harmless.
      connectionRequestBase: "http://127.0.0.1:9/cr/",
      timeScale: 1,
    });
    const body: InformRequest = {
      name: "Inform",
      deviceId: {
        manufacturer: sim.get(`${sim.root}DeviceInfo.Manufacturer`) ?? "",
        oui: identity.vendor.oui,
        productClass: identity.vendor.productClass,
        serialNumber: identity.serial,
      },
      events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
      maxEnvelopes: 1,
      currentTime: isoNow(),
      retryCount: 0,
      parameterList: unique(sim.informParameters()),
    };
    const xml = serializeEnvelope({
      cwmpNamespace: CWMP_NAMESPACE,
      version: CWMP_VERSION,
      header: { id: ID_MARK },
      body,
    });
    return { sim, serial: identity.serial, inform: template(xml), parameters: body.parameterList.length };
  });
}

/** sim lists a DNG's WAN ExternalIPAddress twice (forced by the XML and again by the spec text); a real CPE sends it once. */
function unique<T extends { name: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

/** The InformResponse the ACS sends for these Informs (its SessionEngine builds the same envelope). */
export function informResponseTemplate(): Template {
  return template(
    serializeEnvelope({
      cwmpNamespace: CWMP_NAMESPACE,
      version: CWMP_VERSION,
      header: { id: ID_MARK },
      body: { name: "InformResponse", maxEnvelopes: 1 },
    }),
  );
}
