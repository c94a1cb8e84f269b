export { parseXml, type XmlElement } from "./parse-xml";
export { XmlError, type XmlErrorReason, type XmlLimits } from "./xml-error";
