// The engine's sessions indexed by device: an Inform finds its device's older sessions without
// scanning every live session, and the index forgets a session when it ends.
import { describe, expect, it } from "vitest";
import type { DeviceIdStruct } from "../soap/types";
import { initialState } from "./machine";
import { SessionMap } from "./live-sessions";
import type { Session } from "./session";

const device = (serialNumber: string): DeviceIdStruct => ({
  manufacturer: "M",
  oui: "001122",
  productClass: "STB",
  serialNumber,
});

function session(id: string): Session {
  return {
    id,
    reqId: id,
    log: undefined as never,
    openedAt: 0,
    state: initialState(),
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    version: "1.0",
    remoteAddress: "",
    principal: { kind: "none" },
    lastActivity: 0,
    busy: false,
  };
}

describe("SessionMap by device", () => {
  it("finds the sessions of one device, not of others, and forgets ended ones", () => {
    const map = new SessionMap();
    const [a, b, c] = [session("a"), session("b"), session("c")];
    for (const s of [a, b, c]) map.set(s.id, s);
    map.identify(a, device("S1"));
    map.identify(b, device("S1"));
    map.identify(c, device("S2"));
    expect(a.identity).toEqual(device("S1"));
    expect(map.ofDevice(device("S1"))).toEqual([a, b]);
    expect(map.ofDevice(device("S2"))).toEqual([c]);
    // Same serial, another product class: another device.
    expect(map.ofDevice({ ...device("S1"), productClass: "DNG" })).toEqual([]);
    map.delete("a");
    expect(map.ofDevice(device("S1"))).toEqual([b]);
    map.delete("b");
    map.delete("c");
    expect(map.ofDevice(device("S1"))).toEqual([]);
    expect((map as unknown as { byDevice: Map<string, unknown> }).byDevice.size).toBe(0);
  });

  it("does not index a session that ended before its Inform was identified", () => {
    const map = new SessionMap();
    const late = session("late");
    map.set(late.id, late);
    map.delete(late.id);
    map.identify(late, device("S3"));
    expect(late.identity).toEqual(device("S3"));
    expect(map.ofDevice(device("S3"))).toEqual([]);
  });
});
