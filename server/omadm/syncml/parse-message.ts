// DmElement tree -> typed SyncMLMessage (both encodings). Elements are found by local name in any
// order (some stacks reorder), unknown elements are ignored, required ones missing or values that
// are not what the DTD allows give SyncmlError("structure"). Nesting is bounded by the readers'
// depth limit, so the recursion through Atomic/Sequence is too.
import { SyncmlError } from "./syncml-error";
import { toXmlString, type DmElement } from "./tree";
import type {
  AlertCommand,
  Chal,
  ContainerCommand,
  Command,
  Cred,
  Item,
  ItemCommand,
  ItemCommandKind,
  Location,
  Meta,
  StatusCommand,
  SyncHdr,
  SyncMLMessage,
} from "./types";

const ITEM_COMMANDS = new Set<string>(["Add", "Copy", "Delete", "Exec", "Get", "Replace"]);
const MAX_INT = 0xffffffff;

const child = (el: DmElement, name: string): DmElement | undefined =>
  el.children.find((c) => c.name === name);
const all = (el: DmElement, name: string): DmElement[] => el.children.filter((c) => c.name === name);

function required(el: DmElement, name: string): DmElement {
  const found = child(el, name);
  if (found === undefined) throw new SyncmlError("structure", `<${el.name}> has no <${name}>`);
  return found;
}

const text = (el: DmElement): string => el.text.trim();
const requiredText = (el: DmElement, name: string): string => text(required(el, name));
const optionalText = (el: DmElement, name: string): string | undefined => {
  const found = child(el, name);
  return found === undefined ? undefined : text(found);
};

function integer(value: string, what: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_INT) {
    throw new SyncmlError("structure", `${what} is not an integer: ${JSON.stringify(value.slice(0, 40))}`);
  }
  return Number(value);
}

function optionalInteger(el: DmElement, name: string): number | undefined {
  const value = optionalText(el, name);
  return value === undefined ? undefined : integer(value, name);
}

function location(el: DmElement): Location {
  const loc: Location = { locUri: requiredText(el, "LocURI") };
  const locName = optionalText(el, "LocName");
  if (locName !== undefined) loc.locName = locName;
  return loc;
}

export function parseMeta(el: DmElement): Meta {
  const meta: Meta = {};
  for (const key of ["format", "type", "mark", "nextNonce", "version"] as const) {
    const value = optionalText(el, key[0]!.toUpperCase() + key.slice(1));
    if (value !== undefined) meta[key] = value;
  }
  for (const key of ["size", "maxMsgSize", "maxObjSize"] as const) {
    const value = optionalInteger(el, key[0]!.toUpperCase() + key.slice(1));
    if (value !== undefined) meta[key] = value;
  }
  return meta;
}

function optionalMeta(el: DmElement): Meta | undefined {
  const found = child(el, "Meta");
  return found === undefined ? undefined : parseMeta(found);
}

function cred(el: DmElement): Cred {
  const out: Cred = { data: requiredText(el, "Data") };
  const meta = optionalMeta(el);
  if (meta !== undefined) out.meta = meta;
  return out;
}

function itemData(el: DmElement): string | Uint8Array {
  if (el.binary !== undefined) return el.binary;
  // Structured data (e.g. a DDF MgmtTree in Results) is kept as its XML text.
  if (el.children.length > 0) return el.children.map(toXmlString).join("");
  return el.text;
}

export function parseItem(el: DmElement): Item {
  const item: Item = {};
  const target = child(el, "Target");
  if (target !== undefined) item.target = location(target);
  const source = child(el, "Source");
  if (source !== undefined) item.source = location(source);
  const meta = optionalMeta(el);
  if (meta !== undefined) item.meta = meta;
  const data = child(el, "Data");
  if (data !== undefined) item.data = itemData(data);
  if (child(el, "MoreData") !== undefined) item.moreData = true;
  return item;
}

function parseHeader(el: DmElement): SyncHdr {
  const header: SyncHdr = {
    verDTD: requiredText(el, "VerDTD"),
    verProto: requiredText(el, "VerProto"),
    sessionId: requiredText(el, "SessionID"),
    msgId: requiredText(el, "MsgID"),
    target: location(required(el, "Target")),
    source: location(required(el, "Source")),
  };
  const respUri = optionalText(el, "RespURI");
  if (respUri !== undefined) header.respUri = respUri;
  if (child(el, "NoResp") !== undefined) header.noResp = true;
  const credEl = child(el, "Cred");
  if (credEl !== undefined) header.cred = cred(credEl);
  const meta = optionalMeta(el);
  if (meta !== undefined) header.meta = meta;
  return header;
}

function parseStatus(el: DmElement, cmdId: string): StatusCommand {
  const status: StatusCommand = {
    kind: "Status",
    cmdId,
    msgRef: requiredText(el, "MsgRef"),
    cmdRef: requiredText(el, "CmdRef"),
    cmd: requiredText(el, "Cmd"),
    targetRefs: all(el, "TargetRef").map(text),
    sourceRefs: all(el, "SourceRef").map(text),
    code: integer(requiredText(el, "Data"), "Status Data"),
    items: all(el, "Item").map(parseItem),
  };
  const credEl = child(el, "Cred");
  if (credEl !== undefined) status.cred = cred(credEl);
  const chalEl = child(el, "Chal");
  if (chalEl !== undefined) status.chal = { meta: parseMeta(required(chalEl, "Meta")) } satisfies Chal;
  return status;
}

function withCommon<T extends { noResp?: boolean; cred?: Cred; meta?: Meta; correlator?: string }>(
  el: DmElement,
  command: T,
  fields: { cred?: boolean; meta?: boolean; correlator?: boolean },
): T {
  if (child(el, "NoResp") !== undefined) command.noResp = true;
  const credEl = fields.cred ? child(el, "Cred") : undefined;
  if (credEl !== undefined) command.cred = cred(credEl);
  const meta = fields.meta ? optionalMeta(el) : undefined;
  if (meta !== undefined) command.meta = meta;
  const correlator = fields.correlator ? optionalText(el, "Correlator") : undefined;
  if (correlator !== undefined) command.correlator = correlator;
  return command;
}

function parseCommand(el: DmElement): Command {
  const cmdId = requiredText(el, "CmdID");
  const items = (): Item[] => all(el, "Item").map(parseItem);
  if (el.name === "Status") return parseStatus(el, cmdId);
  if (el.name === "Alert") {
    const code = integer(requiredText(el, "Data"), "Alert Data");
    return withCommon<AlertCommand>(
      el,
      { kind: "Alert", cmdId, code, items: items() },
      { cred: true, correlator: true },
    );
  }
  if (ITEM_COMMANDS.has(el.name)) {
    const kind = el.name as ItemCommandKind;
    return withCommon<ItemCommand>(
      el,
      { kind, cmdId, items: items() },
      { cred: true, meta: true, correlator: kind === "Exec" },
    );
  }
  if (el.name === "Atomic" || el.name === "Sequence") {
    const commands = el.children.filter(
      (c) => c.name !== "CmdID" && c.name !== "NoResp" && c.name !== "Meta",
    );
    return withCommon<ContainerCommand>(
      el,
      { kind: el.name, cmdId, commands: commands.map(parseCommand) },
      { meta: true },
    );
  }
  if (el.name === "Results") {
    const results: Command = {
      kind: "Results",
      cmdId,
      cmdRef: requiredText(el, "CmdRef"),
      targetRefs: all(el, "TargetRef").map(text),
      sourceRefs: all(el, "SourceRef").map(text),
      items: items(),
    };
    const msgRef = optionalText(el, "MsgRef");
    if (msgRef !== undefined) results.msgRef = msgRef;
    const meta = optionalMeta(el);
    if (meta !== undefined) results.meta = meta;
    return results;
  }
  return { kind: "Unknown", name: el.name, cmdId };
}

/** The typed message of a SyncML tree; throws SyncmlError("structure") when it is not one. */
export function messageFromTree(root: DmElement): SyncMLMessage {
  if (root.name !== "SyncML")
    throw new SyncmlError("structure", `root element is <${root.name}>, not <SyncML>`);
  const body = required(root, "SyncBody");
  const commands: Command[] = [];
  let final = false;
  for (const el of body.children) {
    if (el.name === "Final") final = true;
    else commands.push(parseCommand(el));
  }
  return { header: parseHeader(required(root, "SyncHdr")), body: { commands, final } };
}
