export { parseXml, type XmlElement } from "./parse-xml";
export { XmlError, DEFAULT_XML_LIMITS, type XmlErrorReason, type XmlLimits } from "./xml-error";
