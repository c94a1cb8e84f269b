// Typed SyncMLMessage -> DmElement tree, elements in the order the SyncML 1.2 DTD requires
// (SyncHdr: VerDTD, VerProto, SessionID, MsgID, Target, Source, RespURI?, NoResp?, Cred?, Meta?;
// Status: CmdID, MsgRef, CmdRef, Cmd, TargetRef*, SourceRef*, Cred?, Chal?, Data, Item*; MetInf:
// Format?, Type?, Mark?, Size?, Version?, NextNonce?, MaxMsgSize?, MaxObjSize?), MetInf elements in
// the syncml:metinf namespace. Pure; the only failure is a value no encoding can carry, checked by
// the encoders.
import { METINF_NAMESPACE, SYNCML_NAMESPACE } from "../wbxml";
import type { DmElement } from "./tree";
import type { Command, Cred, Item, ItemData, Location, Meta, SyncHdr, SyncMLMessage } from "./types";

const el = (name: string, children: (DmElement | undefined)[] = []): DmElement => ({
  name,
  ns: SYNCML_NAMESPACE,
  children: children.filter((c): c is DmElement => c !== undefined),
  text: "",
});
const leaf = (name: string, value: string, ns = SYNCML_NAMESPACE): DmElement => ({
  name,
  ns,
  children: [],
  text: value,
});
const opt = (name: string, value: string | number | undefined, ns?: string): DmElement | undefined =>
  value === undefined ? undefined : leaf(name, String(value), ns);
const flag = (name: string, on: boolean | undefined): DmElement | undefined => (on ? el(name) : undefined);

function location(name: string, loc: Location | undefined): DmElement | undefined {
  if (loc === undefined) return undefined;
  return el(name, [leaf("LocURI", loc.locUri), opt("LocName", loc.locName)]);
}

export function buildMeta(meta: Meta | undefined): DmElement | undefined {
  if (meta === undefined) return undefined;
  const m = (name: string, value: string | number | undefined) => opt(name, value, METINF_NAMESPACE);
  return el("Meta", [
    m("Format", meta.format),
    m("Type", meta.type),
    m("Mark", meta.mark),
    m("Size", meta.size),
    m("Version", meta.version),
    m("NextNonce", meta.nextNonce),
    m("MaxMsgSize", meta.maxMsgSize),
    m("MaxObjSize", meta.maxObjSize),
  ]);
}

function cred(value: Cred | undefined): DmElement | undefined {
  return value === undefined ? undefined : el("Cred", [buildMeta(value.meta), leaf("Data", value.data)]);
}

function data(value: ItemData | undefined): DmElement | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return leaf("Data", value);
  return { name: "Data", ns: SYNCML_NAMESPACE, children: [], text: "", binary: value };
}

export function buildItem(item: Item): DmElement {
  return el("Item", [
    location("Target", item.target),
    location("Source", item.source),
    buildMeta(item.meta),
    data(item.data),
    flag("MoreData", item.moreData),
  ]);
}

function header(h: SyncHdr): DmElement {
  return el("SyncHdr", [
    leaf("VerDTD", h.verDTD),
    leaf("VerProto", h.verProto),
    leaf("SessionID", h.sessionId),
    leaf("MsgID", h.msgId),
    location("Target", h.target),
    location("Source", h.source),
    opt("RespURI", h.respUri),
    flag("NoResp", h.noResp),
    cred(h.cred),
    buildMeta(h.meta),
  ]);
}

const refs = (name: string, values: string[]): DmElement[] => values.map((v) => leaf(name, v));

export function buildCommand(c: Command): DmElement {
  const id = leaf("CmdID", c.cmdId);
  switch (c.kind) {
    case "Status":
      return el("Status", [
        id,
        leaf("MsgRef", c.msgRef),
        leaf("CmdRef", c.cmdRef),
        leaf("Cmd", c.cmd),
        ...refs("TargetRef", c.targetRefs),
        ...refs("SourceRef", c.sourceRefs),
        cred(c.cred),
        c.chal === undefined ? undefined : el("Chal", [buildMeta(c.chal.meta)]),
        leaf("Data", String(c.code)),
        ...c.items.map(buildItem),
      ]);
    case "Results":
      return el("Results", [
        id,
        opt("MsgRef", c.msgRef),
        leaf("CmdRef", c.cmdRef),
        buildMeta(c.meta),
        ...refs("TargetRef", c.targetRefs),
        ...refs("SourceRef", c.sourceRefs),
        ...c.items.map(buildItem),
      ]);
    case "Alert":
      return el("Alert", [
        id,
        flag("NoResp", c.noResp),
        cred(c.cred),
        leaf("Data", String(c.code)),
        opt("Correlator", c.correlator),
        ...c.items.map(buildItem),
      ]);
    case "Atomic":
    case "Sequence":
      return el(c.kind, [id, flag("NoResp", c.noResp), buildMeta(c.meta), ...c.commands.map(buildCommand)]);
    case "Unknown":
      return el(c.name, [id]);
    default:
      return el(c.kind, [
        id,
        flag("NoResp", c.noResp),
        cred(c.cred),
        buildMeta(c.meta),
        opt("Correlator", c.correlator),
        ...c.items.map(buildItem),
      ]);
  }
}

export function messageToTree(message: SyncMLMessage): DmElement {
  const body = el("SyncBody", [
    ...message.body.commands.map(buildCommand),
    flag("Final", message.body.final),
  ]);
  return el("SyncML", [header(message.header), body]);
}
