// SOAP Fault carrying a cwmp:Fault. Parsing is forgiving about where the detail sits: the first
// element named Fault anywhere below the SOAP Fault is taken as the cwmp:Fault, since agents put it
// directly under Fault, under a misnamed or qualified detail, or wrap it once more.
import type { XmlElement } from "../xml";
import { child, findDescendant, int, str, token } from "./read";
import type { CwmpFault } from "./types";
import { leaf, leafInt } from "./write";

export function parseFault(el: XmlElement): CwmpFault {
  const code = token(el, "faultcode");
  const colon = code.lastIndexOf(":");
  // A bare cwmp:Fault straight in the Body (no SOAP Fault around it) is its own detail.
  const detail = findDescendant(el, "Fault") ?? (child(el, "FaultCode") === undefined ? undefined : el);
  const entries =
    detail === undefined ? [] : detail.children.filter((k) => k.local === "SetParameterValuesFault");
  return {
    name: "Fault",
    faultcode: colon < 0 ? code : code.slice(colon + 1),
    faultstring: child(el, "faultstring")?.text ?? "",
    // A SOAP Fault without a cwmp:Fault has no CWMP code; 0 marks that, the message is still a fault.
    faultCode: detail === undefined ? 0 : int(detail, "FaultCode"),
    faultString: detail === undefined ? "" : str(detail, "FaultString"),
    setParameterValuesFault: entries.map((e) => ({
      parameterName: token(e, "ParameterName"),
      faultCode: int(e, "FaultCode"),
      faultString: str(e, "FaultString"),
    })),
  };
}

/** The complete `<soap-env:Fault>` element. */
export function writeFault(f: CwmpFault): string {
  let spv = "";
  for (const e of f.setParameterValuesFault) {
    spv +=
      "<SetParameterValuesFault>" +
      leaf("ParameterName", e.parameterName) +
      leafInt("FaultCode", e.faultCode) +
      leaf("FaultString", e.faultString) +
      "</SetParameterValuesFault>";
  }
  return (
    "<soap-env:Fault>" +
    leaf("faultcode", f.faultcode) +
    leaf("faultstring", f.faultstring) +
    "<detail><cwmp:Fault>" +
    leafInt("FaultCode", f.faultCode) +
    leaf("FaultString", f.faultString) +
    spv +
    "</cwmp:Fault></detail></soap-env:Fault>"
  );
}
