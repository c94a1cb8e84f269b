export { decodeWbxml, type DecodeOptions } from "./decode";
export { encodeWbxml, type EncodeOptions } from "./encode";
export {
  DMDDF12,
  DMDDF_NAMESPACE,
  METINF_NAMESPACE,
  SYNCML12,
  SYNCML_NAMESPACE,
  type WbxmlCodePage,
  type WbxmlLanguage,
} from "./code-pages";
export type { WbxmlContent, WbxmlDocument, WbxmlElement, WbxmlOpaque, WbxmlText } from "./types";
export {
  DEFAULT_WBXML_LIMITS,
  WbxmlError,
  type Result,
  type WbxmlErrorReason,
  type WbxmlLimits,
} from "./wbxml-error";
