import { describe, expect, it } from "vitest";
import { deriveAttributes } from "./attributes";

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

const IGD_WAN = "InternetGatewayDevice.WANDevice.1.WANConnectionDevice";

describe("deriveAttributes: IP address of the connected upstream interface", () => {
  it("TR-098: skips a first connection that is Disconnected and takes the Connected one", () => {
    const attrs = deriveAttributes(
      tree({
        "InternetGatewayDevice.DeviceInfo.SoftwareVersion": "2.1",
        [`${IGD_WAN}.1.WANIPConnection.1.ConnectionStatus`]: "Disconnected",
        [`${IGD_WAN}.1.WANIPConnection.1.ExternalIPAddress`]: "10.9.9.9",
        [`${IGD_WAN}.2.WANPPPConnection.1.ConnectionStatus`]: "Connected",
        [`${IGD_WAN}.2.WANPPPConnection.1.ExternalIPAddress`]: "81.2.3.4",
        "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.IPInterface.1.IPInterfaceIPAddress":
          "192.168.1.1",
      }),
    );
    expect(attrs).toMatchObject({ ipAddress: "81.2.3.4", kind: "GATEWAY" });
  });

  it("TR-098: never takes 0.0.0.0, even from a Connected connection, and never a known non-connected one", () => {
    const attrs = deriveAttributes(
      tree({
        [`${IGD_WAN}.1.WANIPConnection.1.ConnectionStatus`]: "Connected",
        [`${IGD_WAN}.1.WANIPConnection.1.ExternalIPAddress`]: "0.0.0.0",
        [`${IGD_WAN}.1.WANIPConnection.2.ConnectionStatus`]: "Connecting",
        [`${IGD_WAN}.1.WANIPConnection.2.ExternalIPAddress`]: "10.1.1.1",
      }),
    );
    expect(attrs.ipAddress).toBeUndefined();
  });

  it("TR-098 Inform: the default connection's address alone (no status at hand) is taken", () => {
    const attrs = deriveAttributes(
      tree({ [`${IGD_WAN}.1.WANPPPConnection.1.ExternalIPAddress`]: "81.2.3.5" }),
    );
    expect(attrs.ipAddress).toBe("81.2.3.5");
  });

  const tr181Router = {
    "Device.DeviceInfo.SoftwareVersion": "5.0",
    // LAN bridge on IP.Interface.1
    "Device.IP.Interface.1.Status": "Up",
    "Device.IP.Interface.1.Name": "br-lan",
    "Device.IP.Interface.1.LowerLayers": "Device.Bridging.Bridge.1.Port.1",
    "Device.IP.Interface.1.IPv4Address.1.IPAddress": "192.168.1.1",
    "Device.Bridging.Bridge.1.Port.1.ManagementPort": "true",
    // loopback
    "Device.IP.Interface.2.Loopback": "true",
    "Device.IP.Interface.2.IPv4Address.1.IPAddress": "127.0.0.1",
    // a down WAN with no address
    "Device.IP.Interface.3.Status": "Down",
    "Device.IP.Interface.3.LowerLayers": "Device.PPP.Interface.2",
    "Device.IP.Interface.3.IPv4Address.1.IPAddress": "0.0.0.0",
    // the WAN on IP.Interface.4 over PPP over an upstream Ethernet port (fibre ONT behind it)
    "Device.IP.Interface.4.Status": "Up",
    "Device.IP.Interface.4.Name": "ip4",
    "Device.IP.Interface.4.LowerLayers": "Device.PPP.Interface.1.",
    "Device.IP.Interface.4.IPv4Address.1.IPAddress": "90.1.2.3",
    "Device.PPP.Interface.1.LowerLayers": "Device.Ethernet.Link.2",
    "Device.Ethernet.Link.2.LowerLayers": "Device.Ethernet.Interface.5",
    "Device.Ethernet.Interface.5.Upstream": "true",
    "Device.NAT.InterfaceSettingNumberOfEntries": "1",
  };

  it("TR-181: takes the upstream IP.Interface.4, never the LAN bridge on IP.Interface.1 or 0.0.0.0", () => {
    expect(deriveAttributes(tree(tr181Router))).toMatchObject({ ipAddress: "90.1.2.3", kind: "GATEWAY" });
  });

  it("TR-181: an Ethernet WAN (IPoE) identified by an upstream Ethernet port, no PPP", () => {
    const attrs = deriveAttributes(
      tree({
        "Device.IP.Interface.1.LowerLayers": "Device.Ethernet.Link.1",
        "Device.IP.Interface.1.IPv4Address.1.IPAddress": "192.168.0.1",
        "Device.Ethernet.Link.1.LowerLayers": "Device.Bridging.Bridge.1.Port.1",
        "Device.IP.Interface.2.Status": "Up",
        "Device.IP.Interface.2.LowerLayers": "Device.Ethernet.VLANTermination.1",
        "Device.IP.Interface.2.IPv4Address.1.IPAddress": "100.64.3.4",
        "Device.Ethernet.VLANTermination.1.LowerLayers": "Device.Ethernet.Link.2",
        "Device.Ethernet.Link.2.LowerLayers": "Device.Ethernet.Interface.4",
        "Device.Ethernet.Interface.4.Upstream": "1",
        "Device.Ethernet.Interface.1.Upstream": "0",
        "Device.Routing.Router.1.Enable": "true",
      }),
    );
    expect(attrs).toMatchObject({ ipAddress: "100.64.3.4", kind: "GATEWAY" });
  });

  it("TR-181: an interface the vendor names WAN counts when the layers say nothing", () => {
    const attrs = deriveAttributes(
      tree({
        "Device.IP.Interface.1.Name": "lan",
        "Device.IP.Interface.1.IPv4Address.1.IPAddress": "192.168.1.1",
        "Device.IP.Interface.2.Name": "wan0",
        "Device.IP.Interface.2.IPv4Address.1.IPAddress": "62.1.1.1",
      }),
    );
    expect(attrs.ipAddress).toBe("62.1.1.1");
  });

  it("TR-181: leaves the address out when no upstream can be identified (no LAN guess)", () => {
    const attrs = deriveAttributes(
      tree({
        "Device.DeviceInfo.SoftwareVersion": "5.0",
        "Device.IP.Interface.1.IPv4Address.1.IPAddress": "192.168.1.1",
        "Device.IP.Interface.2.IPv4Address.1.IPAddress": "192.168.2.1",
      }),
    );
    expect(attrs).not.toHaveProperty("ipAddress");
    expect(attrs).toEqual({ rootObject: "Device", softwareVersion: "5.0" });
  });

  it("an STB's one interface is its upstream, whatever it is called", () => {
    const attrs = deriveAttributes(
      tree({
        "Device.GatewayInfo.SerialNumber": "GW1",
        "Device.IP.Interface.1.Name": "lan",
        "Device.IP.Interface.1.IPv4Address.1.IPAddress": "192.168.1.40",
        "Device.Services.STBService.1.Enable": "true",
      }),
    );
    expect(attrs).toMatchObject({ ipAddress: "192.168.1.40", kind: "STB" });
  });
});

describe("deriveAttributes: kind", () => {
  it("a fibre TR-181 router without Device.DSL. is a GATEWAY", () => {
    const attrs = deriveAttributes(
      tree({
        "Device.DeviceInfo.ModelName": "FiberBox",
        "Device.Optical.Interface.1.Status": "Up",
        "Device.IP.Interface.1.LowerLayers": "Device.Ethernet.Link.1",
        "Device.Ethernet.Link.1.LowerLayers": "Device.Optical.Interface.1",
        "Device.IP.Interface.1.IPv4Address.1.IPAddress": "86.4.4.4",
      }),
    );
    expect(attrs).toMatchObject({ kind: "GATEWAY", ipAddress: "86.4.4.4" });
  });

  it("an upstream Ethernet port alone does not make an end device a gateway", () => {
    const attrs = deriveAttributes(
      tree({ "Device.DeviceInfo.ModelName": "ATA", "Device.Ethernet.Interface.1.Upstream": "true" }),
    );
    expect(attrs).not.toHaveProperty("kind");
  });

  it("STBService or GatewayInfo wins over WAN-looking layers", () => {
    const attrs = deriveAttributes(
      tree({
        "Device.Ethernet.Interface.1.Upstream": "true",
        "Device.NAT.Enable": "true",
        "Device.Services.STBService.1.Enable": "true",
      }),
    );
    expect(attrs.kind).toBe("STB");
  });

  it("an Inform's few values return only what they carry", () => {
    const attrs = deriveAttributes(
      tree({
        "Device.DeviceInfo.SoftwareVersion": "1.0",
        "Device.ManagementServer.PeriodicInformInterval": "4294967295",
      }),
    );
    expect(attrs).toEqual({
      rootObject: "Device",
      softwareVersion: "1.0",
      periodicInformInterval: 4294967295,
    });
  });

  it("leaves out an interval beyond unsignedInt instead of overflowing the column", () => {
    const attrs = deriveAttributes(
      tree({ "Device.ManagementServer.PeriodicInformInterval": "99999999999999999999" }),
    );
    expect(attrs).not.toHaveProperty("periodicInformInterval");
  });
});
