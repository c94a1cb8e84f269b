// WBXML languages (tag code pages) the OMA DM server speaks. Token values are those of the
// OMA SyncML 1.2 representation protocol as tabulated by libwbxml 0.11 (src/wbxml_tables.c,
// sv_syncml_syncml12_tag_table: page 0 SyncML, page 1 MetInf; public id 0x1201, WBXML_PUBLIC_ID_SYNCML12)
// and checked against the bytes Debian's xml2wbxml produces (see the codec tests).

export interface WbxmlCodePage {
  /** XML namespace of the tags on this page. */
  namespace: string;
  /** Tag names by token (0x05..0x3F); index = token. */
  tags: ReadonlyMap<number, string>;
}

export interface WbxmlLanguage {
  /** Registered numeric public identifier (mb_u_int32 in the header). */
  publicId: number;
  /** Formal public identifier, used when a document names its language via the string table. */
  publicIdText: string;
  /** Code pages by page number. */
  pages: ReadonlyMap<number, WbxmlCodePage>;
}

function page(namespace: string, first: number, names: readonly (string | null)[]): WbxmlCodePage {
  const tags = new Map<number, string>();
  names.forEach((name, i) => {
    if (name !== null) tags.set(first + i, name);
  });
  return { namespace, tags };
}

export const SYNCML_NAMESPACE = "SYNCML:SYNCML1.2";
export const METINF_NAMESPACE = "syncml:metinf";

// Page 0, tokens 0x05..0x3C in order (0x30 is reserved).
const SYNCML_TAGS = [
  "Add", "Alert", "Archive", "Atomic", "Chal", "Cmd", "CmdID", "CmdRef", "Copy", "Cred", "Data",
  "Delete", "Exec", "Final", "Get", "Item", "Lang", "LocName", "LocURI", "Map", "MapItem", "Meta",
  "MsgID", "MsgRef", "NoResp", "NoResults", "Put", "Replace", "RespURI", "Results", "Search",
  "Sequence", "SessionID", "SftDel", "Source", "SourceRef", "Status", "Sync", "SyncBody", "SyncHdr",
  "SyncML", "Target", "TargetRef", null, "VerDTD", "VerProto", "NumberOfChanges", "MoreData", "Field",
  "Filter", "Record", "FilterType", "SourceParent", "TargetParent", "Move", "Correlator",
] as const; // prettier-ignore

// Page 1, tokens 0x05..0x16 in order.
const METINF_TAGS = [
  "Anchor", "EMI", "Format", "FreeID", "FreeMem", "Last", "Mark", "MaxMsgSize", "Mem", "MetInf",
  "Next", "NextNonce", "SharedMem", "Size", "Type", "Version", "MaxObjSize", "FieldLevel",
] as const; // prettier-ignore

export const SYNCML12: WbxmlLanguage = Object.freeze({
  publicId: 0x1201,
  publicIdText: "-//SYNCML//DTD SyncML 1.2//EN",
  pages: new Map([
    [0, page(SYNCML_NAMESPACE, 0x05, SYNCML_TAGS)],
    [1, page(METINF_NAMESPACE, 0x05, METINF_TAGS)],
  ]),
});

export const DMDDF_NAMESPACE = "syncml:dmddf1.2";

// OMA DM DDF 1.2 (OMA-TS-DM_TND 1.2), page 2, tokens 0x05..0x3C in order (libwbxml
// sv_syncml_dmddf12_tag_table). No numeric public id is registered (libwbxml uses "unknown"), so
// documents name it by its formal public identifier in the string table. SyncML stacks carry a DDF
// (e.g. a Get ?list=Struct result) as a nested WBXML document inside Item Data's OPAQUE.
const DMDDF_TAGS = [
  "AccessType", "ACL", "Add", "b64", "bin", "bool", "chr", "CaseSense", "CIS", "Copy", "CS", "date",
  "DDFName", "DefaultValue", "Delete", "Description", "DFFormat", "DFProperties", "DFTitle", "DFType",
  "Dynamic", "Exec", "float", "Format", "Get", "int", "Man", "MgmtTree", "MIME", "Mod", "Name", "Node",
  "node", "NodeName", "null", "Occurrence", "One", "OneOrMore", "OneOrN", "Path", "Permanent",
  "Replace", "RTProperties", "Scope", "Size", "time", "Title", "TStamp", "Type", "Value", "VerDTD",
  "VerNo", "xml", "ZeroOrMore", "ZeroOrN", "ZeroOrOne",
] as const; // prettier-ignore

export const DMDDF12: WbxmlLanguage = Object.freeze({
  publicId: 0x01,
  publicIdText: "-//OMA//DTD-DM-DDF 1.2//EN",
  pages: new Map([[2, page(DMDDF_NAMESPACE, 0x05, DMDDF_TAGS)]]),
});
