// The simulated deployment-unit package (a run-time application for the STBs' execution
// environment): one header line naming the app, its version, UUID and vendor, then payload — the same
// shape as the simulated firmware image, so the store, signatures and file server treat both alike.
import { createHash } from "node:crypto";

const MAGIC = "VANTAGE-SIM-DU";

export interface SimDuHeader {
  name: string;
  version: string;
  uuid: string;
  vendor?: string;
}

export function makeSimDu(header: SimDuHeader, size = 2048): Buffer {
  const fields = [
    `name=${encodeURIComponent(header.name)}`,
    `version=${encodeURIComponent(header.version)}`,
    `uuid=${header.uuid}`,
    `vendor=${encodeURIComponent(header.vendor ?? "Vantage Labs")}`,
  ];
  const line = Buffer.from(`${MAGIC} ${fields.join(" ")}\n`, "latin1");
  const out = Buffer.alloc(Math.max(size, line.length));
  line.copy(out);
  let block = createHash("sha256").update(`${header.uuid}/${header.version}`).digest();
  for (let at = line.length; at < out.length; at += block.length) {
    block.copy(out, at);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

const UUID = /^[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/** The header of a package (only its head is needed), or undefined when it is not one. */
export function readSimDu(head: Buffer): Required<SimDuHeader> | undefined {
  const end = head.indexOf(0x0a);
  if (end < 0 || end > 1024) return undefined;
  const m = /^VANTAGE-SIM-DU name=(\S+) version=(\S+) uuid=(\S+) vendor=(\S*)$/.exec(
    head.subarray(0, end).toString("latin1"),
  );
  if (!m || !UUID.test(m[3]!)) return undefined;
  try {
    return {
      name: decodeURIComponent(m[1]!),
      version: decodeURIComponent(m[2]!),
      uuid: m[3]!.toLowerCase(),
      vendor: decodeURIComponent(m[4]!),
    };
  } catch {
    return undefined;
  }
}
