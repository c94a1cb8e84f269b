// The WBXML document model shared by the decoder and the encoder: elements named through a
// language's code pages, with text and opaque content kept apart (OPAQUE carries binary data).
import type { WbxmlLanguage } from "./code-pages";

export interface WbxmlElement {
  kind: "element";
  /** Tag name from the code page, or the literal name from the string table. */
  name: string;
  /** Namespace of the tag's code page; "" for a literal tag (no page defines it). */
  namespace: string;
  children: WbxmlContent[];
}

export interface WbxmlText {
  kind: "text";
  value: string;
}

export interface WbxmlOpaque {
  kind: "opaque";
  bytes: Uint8Array;
}

export type WbxmlContent = WbxmlElement | WbxmlText | WbxmlOpaque;

export interface WbxmlDocument {
  /** Version byte: 0x03 = WBXML 1.3, 0x02 = 1.2. */
  version: number;
  /** Numeric public id, or the formal public identifier when the document gave it as a string. */
  publicId: number | string;
  /** IANA MIBenum of the document's charset (106 = UTF-8). */
  charset: number;
  language: WbxmlLanguage;
  root: WbxmlElement;
}
