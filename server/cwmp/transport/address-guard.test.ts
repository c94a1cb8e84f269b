// The address guard alone: which addresses are refused by default, what an allowance widens, the
// ACS's own listeners (refused even when allowed), the Inform-source match and CIDR parsing.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  normalizeAddress,
  parseCidr,
  parseCidrList,
  refusal,
  refusedKind,
  trackOwnListener,
} from "./address-guard";

const none = { allowedNetworks: [] };
const loopbackAllowed = { allowedNetworks: parseCidrListOrThrow("127.0.0.0/8,::1/128") };

function parseCidrListOrThrow(text: string) {
  const parsed = parseCidrList(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.networks;
}

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe("refusedKind", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["255.255.255.255", "broadcast"],
  ])("%s is %s", (address, kind) => {
    expect(refusedKind(address)).toBe(kind);
  });

  it.each(["10.1.2.3", "192.168.1.1", "198.51.100.7", "2001:db8::1", "::ffff:10.0.0.1"])(
    "%s is an ordinary CPE address",
    (address) => {
      expect(refusedKind(address)).toBeNull();
    },
  );
});

describe("refusal", () => {
  it("refuses loopback by default and allows it inside CONNECTION_REQUEST_ALLOWED_NETWORKS", () => {
    expect(refusal("127.0.0.1", 7547, none)).toMatch(/loopback address \(127\.0\.0\.1:7547\)/);
    expect(refusal("::1", 7547, none)).toMatch(/loopback address \(\[::1\]:7547\)/);
    expect(refusal("127.0.0.1", 7547, loopbackAllowed)).toBeNull();
    expect(refusal("::ffff:127.0.0.1", 7547, loopbackAllowed)).toBeNull();
    // The allowance widens only what it names.
    expect(refusal("169.254.169.254", 80, loopbackAllowed)).toMatch(/link-local/);
    expect(refusal("198.51.100.7", 7547, none)).toBeNull();
  });

  it("refuses the ACS's own listening ports on local addresses even when loopback is allowed", async () => {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    expect(refusal("127.0.0.1", port, loopbackAllowed)).toBeNull();
    trackOwnListener(server);
    expect(refusal("127.0.0.1", port, loopbackAllowed)).toMatch(/ACS's own listener/);
    expect(refusal("0.0.0.0", port, loopbackAllowed)).toMatch(/ACS's own listener/);
    // The same port on another host is an ordinary CPE.
    expect(refusal("198.51.100.7", port, none)).toBeNull();
    await new Promise((r) => server.close(r));
    servers.splice(0);
    expect(refusal("127.0.0.1", port, loopbackAllowed)).toBeNull();
  });

  it("requires the Inform's source address when one is given", () => {
    const policy = { allowedNetworks: [], requiredAddress: "::ffff:198.51.100.7" };
    expect(refusal("198.51.100.7", 7547, policy)).toBeNull();
    expect(refusal("198.51.100.8", 7547, policy)).toMatch(
      /198\.51\.100\.8 is not the device's Inform source address 198\.51\.100\.7/,
    );
  });
});

describe("CIDR parsing", () => {
  it("reads IPv4 and IPv6 networks and bare addresses, and names the first bad entry", () => {
    expect(parseCidr("127.0.0.0/8")).toEqual({ address: "127.0.0.0", prefix: 8, family: "ipv4" });
    expect(parseCidr("::1")).toEqual({ address: "::1", prefix: 128, family: "ipv6" });
    expect(parseCidr("10.0.0.0/33")).toBeNull();
    expect(parseCidr("fe80::/x")).toBeNull();
    expect(parseCidr("localhost/8")).toBeNull();
    expect(parseCidrList(" 127.0.0.0/8 , ::1/128 ,")).toMatchObject({
      networks: [{ prefix: 8 }, { prefix: 128 }],
    });
    expect(parseCidrList("127.0.0.0/8,nope")).toEqual({ error: '"nope" is not a CIDR network' });
    expect(normalizeAddress("[FE80::1]")).toBe("fe80::1");
  });
});
