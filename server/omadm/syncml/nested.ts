// Nested WBXML documents in Item Data, as libwbxml 0.11 writes and reads them (checked with
// xml2wbxml / wbxml2xml in the tests): a DDF (MgmtTree, e.g. the Results of Get ?list=Struct) inside
// <Data> travels as OPAQUE holding a whole WBXML document named "-//OMA//DTD-DM-DDF 1.2//EN", and
// the Item's Meta Type says "+wbxml" where the XML form says "+xml".
import {
  decodeWbxml,
  DMDDF12,
  DMDDF_NAMESPACE,
  encodeWbxml,
  METINF_NAMESPACE,
  type WbxmlElement,
} from "../wbxml";
import type { DmElement } from "./tree";

/** The DDF document in an opaque block, or undefined when the bytes are not one (plain data). */
export function nestedDocument(bytes: Uint8Array): WbxmlElement | undefined {
  // Only a WBXML version byte can start a nested document; anything else is data.
  if (bytes.length < 4 || bytes[0]! > 0x03) return undefined;
  const decoded = decodeWbxml(bytes, { languages: [DMDDF12], fallback: null });
  return decoded.ok ? decoded.value.root : undefined;
}

/** Whether a Data element holds a DDF to be carried as a nested WBXML document. */
export function holdsNestedDocument(data: DmElement): boolean {
  return data.children.length === 1 && data.children[0]!.ns === DMDDF_NAMESPACE;
}

export function encodeNested(root: WbxmlElement): Uint8Array {
  const encoded = encodeWbxml(root, { language: DMDDF12, literalPublicId: true });
  if (!encoded.ok) throw encoded.error;
  return encoded.value;
}

/** Rewrites the Item's Meta Type suffix (from -> to) when its Data nests a document. */
export function retypeNestedItem(item: DmElement, from: string, to: string): void {
  const data = item.children.find((c) => c.name === "Data");
  if (data === undefined || !holdsNestedDocument(data)) return;
  const meta = item.children.find((c) => c.name === "Meta");
  const type = meta?.children.find((c) => c.name === "Type" && c.ns === METINF_NAMESPACE);
  if (type !== undefined && type.text.endsWith(from)) type.text = type.text.slice(0, -from.length) + to;
}
