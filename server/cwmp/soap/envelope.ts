// SOAP envelope <-> typed message. Pure functions: no I/O, no state.
import { parseXml, XmlError, type XmlElement, type XmlLimits } from "../xml";
import { codecFor, isRpcName } from "./codecs";
import { parseFault, writeFault } from "./fault-message";
import {
  isCwmpNamespace,
  namespaceForVersion,
  SOAP12_ENV_NS,
  SOAP_ENC_NS,
  SOAP_ENV_NS,
  versionFromNamespace,
  XSD_NS,
  XSI_NS,
} from "./namespaces";
import { parseBool, parseIntLoose } from "./read";
import { SoapError } from "./soap-error";
import type { CwmpHeader, CwmpMessage, Envelope } from "./types";
import { escapeXml } from "./write";

const DEFAULT_CWMP_NS = "urn:dslforum-org:cwmp-1-0";

const isSoapNs = (ns: string): boolean => ns === SOAP_ENV_NS || ns === SOAP12_ENV_NS;

/** Header or Body: in the envelope's namespace, else (sloppy agents) any element with that local name. */
function envelopeChild(root: XmlElement, local: string): XmlElement | undefined {
  let loose: XmlElement | undefined;
  for (const k of root.children) {
    if (k.local !== local) continue;
    if (k.ns === root.ns) return k;
    loose ??= k;
  }
  return loose;
}

function parseHeader(h: XmlElement | undefined): CwmpHeader {
  const header: CwmpHeader = {};
  if (h === undefined) return header;
  for (const k of h.children) {
    switch (k.local) {
      case "ID": {
        // An empty ID is no ID: the reply carries an empty cwmp:ID either way.
        const id = k.text.trim();
        if (id !== "") header.id = id;
        break;
      }
      case "HoldRequests":
        header.holdRequests = parseBool(k.text);
        break;
      case "NoMoreRequests":
        header.noMoreRequests = parseBool(k.text);
        break;
      case "SessionTimeout":
        header.sessionTimeout = parseIntLoose(k.text);
        break;
      case "SupportedCWMPVersions":
        header.supportedCwmpVersions = k.text.trim();
        break;
      case "UseCWMPVersion":
        header.useCwmpVersion = k.text.trim();
        break;
    }
  }
  return header;
}

function declaredCwmpNs(el: XmlElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  for (const key in el.attrs) {
    const value = el.attrs[key];
    if (key.startsWith("xmlns") && value !== undefined && isCwmpNamespace(value)) return value;
  }
  return undefined;
}

/** The cwmp namespace in use: the message's own, else the header's, the fault detail's, a declaration. */
function cwmpNamespaceOf(
  root: XmlElement,
  header: XmlElement | undefined,
  body: XmlElement,
  msg: XmlElement,
): string {
  if (isCwmpNamespace(msg.ns)) return msg.ns;
  for (const k of header?.children ?? []) if (isCwmpNamespace(k.ns)) return k.ns;
  for (const k of msg.children) {
    if (isCwmpNamespace(k.ns)) return k.ns;
    for (const g of k.children) if (isCwmpNamespace(g.ns)) return g.ns;
  }
  return (
    declaredCwmpNs(msg) ??
    declaredCwmpNs(body) ??
    declaredCwmpNs(header) ??
    declaredCwmpNs(root) ??
    DEFAULT_CWMP_NS
  );
}

/** Parse one CWMP envelope. Throws SoapError (8003 malformed, 8000 unknown method, 8006 unknown namespace). */
export function parseEnvelope(input: string | Uint8Array, limits?: Partial<XmlLimits>): Envelope {
  let root: XmlElement;
  try {
    root = parseXml(input, limits);
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    throw new SoapError(8003, "xml", err.message, { cause: err, xmlReason: err.reason });
  }
  if (root.local !== "Envelope" || !isSoapNs(root.ns)) {
    throw new SoapError(8003, "not-envelope", `root element <${root.name}> is not a SOAP Envelope`);
  }
  const headerEl = envelopeChild(root, "Header");
  const body = envelopeChild(root, "Body");
  if (body === undefined) throw new SoapError(8003, "no-body", "SOAP Envelope has no Body");
  const msgEl = body.children[0];
  if (msgEl === undefined) throw new SoapError(8003, "empty-body", "SOAP Body has no message element");

  // Unqualified messages and sloppy SOAP-namespaced ones are read by local name; a message in any
  // other namespace (a future or foreign protocol version) is not one this ACS can answer.
  if (msgEl.ns !== "" && !isSoapNs(msgEl.ns) && !isCwmpNamespace(msgEl.ns)) {
    throw new SoapError(8006, "unknown-namespace", `unknown CWMP namespace "${msgEl.ns}"`);
  }

  let message: CwmpMessage;
  if (msgEl.local === "Fault") message = parseFault(msgEl);
  else if (isRpcName(msgEl.local)) message = codecFor(msgEl.local).parse(msgEl);
  else throw new SoapError(8000, "unknown-method", `unknown CWMP method <${msgEl.name}>`);

  const header = parseHeader(headerEl);
  const cwmpNamespace = cwmpNamespaceOf(root, headerEl, body, msgEl);
  const version = versionFromNamespace(
    cwmpNamespace,
    header.sessionTimeout !== undefined,
    header.supportedCwmpVersions !== undefined || header.useCwmpVersion !== undefined,
  );
  return { cwmpNamespace, version, header, body: message };
}

function writeHeader(h: CwmpHeader): string {
  let out = `<cwmp:ID soap-env:mustUnderstand="1">${escapeXml(h.id ?? "")}</cwmp:ID>`;
  if (h.holdRequests !== undefined) {
    out += `<cwmp:HoldRequests soap-env:mustUnderstand="1">${h.holdRequests ? 1 : 0}</cwmp:HoldRequests>`;
  }
  if (h.noMoreRequests !== undefined) {
    out += `<cwmp:NoMoreRequests soap-env:mustUnderstand="1">${h.noMoreRequests ? 1 : 0}</cwmp:NoMoreRequests>`;
  }
  if (h.sessionTimeout !== undefined) {
    out += `<cwmp:SessionTimeout soap-env:mustUnderstand="0">${Math.trunc(h.sessionTimeout)}</cwmp:SessionTimeout>`;
  }
  if (h.supportedCwmpVersions !== undefined) {
    out +=
      `<cwmp:SupportedCWMPVersions soap-env:mustUnderstand="0">${escapeXml(h.supportedCwmpVersions)}` +
      "</cwmp:SupportedCWMPVersions>";
  }
  if (h.useCwmpVersion !== undefined) {
    out += `<cwmp:UseCWMPVersion soap-env:mustUnderstand="1">${escapeXml(h.useCwmpVersion)}</cwmp:UseCWMPVersion>`;
  }
  return out;
}

function writeBody(msg: CwmpMessage): string {
  if (msg.name === "Fault") return writeFault(msg);
  if (!isRpcName(msg.name)) throw new TypeError(`cannot serialize unknown CWMP message ${String(msg.name)}`);
  return `<cwmp:${msg.name}>${codecFor(msg.name).write(msg)}</cwmp:${msg.name}>`;
}

/**
 * Serialize an envelope: no XML declaration (some C agents reject it), fixed prefixes, always a
 * Header with cwmp:ID, the cwmp prefix bound to env.cwmpNamespace (or the version's namespace).
 */
export function serializeEnvelope(env: Envelope): string {
  const ns = env.cwmpNamespace === "" ? namespaceForVersion(env.version) : env.cwmpNamespace;
  return (
    `<soap-env:Envelope xmlns:soap-env="${SOAP_ENV_NS}" xmlns:soap-enc="${SOAP_ENC_NS}" ` +
    `xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}" xmlns:cwmp="${escapeXml(ns, true)}">` +
    `<soap-env:Header>${writeHeader(env.header)}</soap-env:Header>` +
    `<soap-env:Body>${writeBody(env.body)}</soap-env:Body></soap-env:Envelope>`
  );
}
