// Interop with Debian's libwbxml2 tools (installed by scripts/ensure-wbxml-tools.sh): our decoder
// must read what xml2wbxml writes as the same tree our XML reader builds from the source, and
// wbxml2xml must read what our encoder writes back to the same message. Skips only when the tools
// are missing and CI is unset; under CI a missing tool fails the suite.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CONTENT_TYPES,
  parseSyncML,
  parseSyncMLTree,
  serializeSyncML,
  serializeSyncMLTree,
  type SyncMLMessage,
} from "./index";

function hasTool(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

const toolsPresent = hasTool("xml2wbxml") && hasTool("wbxml2xml");
const inCi = Boolean(process.env.CI);
const FIXTURES = ["package1.xml", "package2.xml", "package3.xml", "results-ddf.xml"];
const dir = mkdtempSync(path.join(tmpdir(), "vantage-wbxml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(tool: string, args: string[], input: Uint8Array | string, inName: string): Buffer {
  const inPath = path.join(dir, inName);
  const outPath = `${inPath}.out`;
  writeFileSync(inPath, input);
  execFileSync(tool, [...args, "-o", outPath, inPath], { stdio: "ignore", timeout: 10_000 });
  return readFileSync(outPath);
}

// wbxml2xml writes an XML declaration and a DOCTYPE naming the SyncML DTD; our reader refuses any
// DOCTYPE by design (no DTDs, no entities), so the test drops that prologue before reading.
const withoutPrologue = (xml: Buffer): Buffer =>
  Buffer.from(
    xml
      .toString("utf8")
      .replace(/^<\?xml[^>]*\?>\s*/, "")
      .replace(/^<!DOCTYPE[^>]*>\s*/, ""),
  );

function message(bytes: Uint8Array, contentType: string): SyncMLMessage {
  const result = parseSyncML(bytes, contentType);
  if (!result.ok) throw result.error;
  return result.value;
}

describe.skipIf(!toolsPresent && !inCi)("libwbxml2 interop", () => {
  it("has xml2wbxml and wbxml2xml (scripts/ensure-wbxml-tools.sh)", () => {
    expect(toolsPresent).toBe(true);
  });

  it.each(FIXTURES)("decodes xml2wbxml's encoding of %s to the tree of the XML", (name) => {
    const xml = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
    const fromXml = parseSyncMLTree(xml, CONTENT_TYPES.xml);
    // Default (string table, WBXML 1.3), no string table, and WBXML 1.2.
    for (const args of [[], ["-n"], ["-v", "1.2"]]) {
      const wbxml = run("xml2wbxml", args, xml, name);
      const fromWbxml = parseSyncMLTree(wbxml, CONTENT_TYPES.wbxml);
      expect(fromWbxml.ok && fromWbxml.value).toEqual(fromXml.ok && fromXml.value);
      expect(fromXml.ok).toBe(true);
    }
  });

  it.each(FIXTURES)("has wbxml2xml read our WBXML of %s back to the same message", (name) => {
    const original = message(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)), CONTENT_TYPES.xml);
    const ours = serializeSyncML(original, "wbxml");
    if (!ours.ok) throw ours.error;
    const xml = run("wbxml2xml", ["-m", "0"], ours.value, `${name}.wbxml`);
    expect(message(withoutPrologue(xml), CONTENT_TYPES.xml)).toEqual(original);
  });

  it.each(FIXTURES)("has wbxml2xml read our WBXML tree of %s (nested DDF documents included)", (name) => {
    const tree = parseSyncMLTree(
      readFileSync(new URL(`./fixtures/${name}`, import.meta.url)),
      CONTENT_TYPES.xml,
    );
    if (!tree.ok) throw tree.error;
    const ours = serializeSyncMLTree(tree.value, "wbxml");
    if (!ours.ok) throw ours.error;
    const xml = withoutPrologue(run("wbxml2xml", ["-m", "0"], ours.value, `${name}.tree.wbxml`));
    const back = parseSyncMLTree(xml, CONTENT_TYPES.xml);
    expect(back.ok && back.value).toEqual(tree.value);
    if (name === "results-ddf.xml") {
      // The DDF travelled as a nested WBXML document, not as escaped text.
      expect(Buffer.from(ours.value).includes("-//OMA//DTD-DM-DDF 1.2//EN")).toBe(true);
      expect(Buffer.from(ours.value).includes("<MgmtTree")).toBe(false);
    }
  });

  it("reads an opaque NextNonce as base64, as wbxml2xml does", () => {
    // <SyncML><SyncBody><Status><Chal><Meta><NextNonce>OPAQUE 01 02 FF 00</NextNonce>...
    const bytes = Uint8Array.from([
      0x03, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x6b, 0x69, 0x49, 0x5a, 0x00, 0x01, 0x50, 0xc3, 0x04, 0x01, 0x02,
      0xff, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    ]);
    const theirs = withoutPrologue(run("wbxml2xml", ["-m", "0"], bytes, "nonce.wbxml"));
    const fromTheirs = parseSyncMLTree(theirs, CONTENT_TYPES.xml);
    const fromOurs = parseSyncMLTree(bytes, CONTENT_TYPES.wbxml);
    expect(fromOurs.ok && fromOurs.value).toEqual(fromTheirs.ok && fromTheirs.value);
    expect(fromOurs.ok).toBe(true);
    expect(theirs.toString()).toContain("AQL/AA==");
  });
});
