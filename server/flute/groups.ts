// Which multicast groups a sender may use: the FLUTE_GROUPS setting, a comma-separated CIDR list.
import { BlockList, isIP } from "node:net";
import { isMulticastAddress } from "./url";

/** The CIDR list as a BlockList; throws on a malformed entry (a setting error, shown at start-up). */
export function parseGroupList(list: string): BlockList {
  const blocks = new BlockList();
  for (const entry of list
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [net, bits, extra] = entry.split("/");
    const family = isIP(net ?? "");
    const prefix = Number(bits);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(bits ?? "") || prefix > max)
      throw new Error(`multicast group list: "${entry}" is not a CIDR block`);
    blocks.addSubnet(net!, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return blocks;
}

/** Whether `group` is a multicast address inside the CIDR list. */
export function groupAllowed(group: string, list: string): boolean {
  const family = isIP(group);
  if (family === 0 || !isMulticastAddress(group)) return false;
  return parseGroupList(list).check(group, family === 6 ? "ipv6" : "ipv4");
}
