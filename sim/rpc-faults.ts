// CPE faults as values: handlers throw RpcFault, the dispatcher turns it into the codec's CwmpFault.
import { cwmpFault, FAULT_STRINGS } from "../server/cwmp/soap/index";
import type { SetParameterValuesFaultEntry } from "../server/cwmp/soap/types";

export { cwmpFault };

export class RpcFault extends Error {
  constructor(
    readonly code: number,
    message?: string,
    readonly spv: SetParameterValuesFaultEntry[] = [],
  ) {
    super(message ?? FAULT_STRINGS[code] ?? "Fault");
  }
}

export function spvFault(
  parameterName: string,
  faultCode: number,
  detail?: string,
): SetParameterValuesFaultEntry {
  const base = FAULT_STRINGS[faultCode] ?? "Fault";
  return { parameterName, faultCode, faultString: detail ? `${base}: ${detail}` : base };
}
