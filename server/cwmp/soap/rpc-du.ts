// Deployment unit RPCs (TR-069 A.4.1.10, A.3.3.2, A.3.3.3; TR-157 software modules).
// Wire forms differ between the schema and real agents, so both are read:
// - ChangeDUState: the schema repeats <Operations xsi:type="cwmp:InstallOpStruct"> (what icwmp
//   reads, so that is what we write); some ACSs nest <Operations><InstallOpStruct>... instead.
// - Results: agents (icwmp, CCSP, cwmp_ex) wrap <Results><OpResultStruct>..., the schema repeats
//   <Results> holding the fields. We write the wrapped array form, which is what CPEs send.
// - the per-result fault sits in <Fault>, in <Fault><FaultStruct>, or (icwmp) in <FaultStruct>.
import type { XmlElement } from "../xml";
import { emptyCodec, type MessageNamed, type RpcCodec } from "./codec";
import { bool, child, str, typeAttr } from "./read";
import { parseFaultStruct } from "./rpc-transfers";
import type { AutonomousDuOpResult, DuOperation, DuOpResult } from "./types";
import { array, leaf, leafBool, leafInt } from "./write";

function parseOperation(kind: string, el: XmlElement): DuOperation | undefined {
  switch (kind) {
    case "InstallOpStruct":
      return {
        op: "Install",
        url: str(el, "URL"),
        uuid: str(el, "UUID"),
        username: str(el, "Username"),
        password: str(el, "Password"),
        executionEnvRef: str(el, "ExecutionEnvRef"),
      };
    case "UpdateOpStruct":
      return {
        op: "Update",
        uuid: str(el, "UUID"),
        version: str(el, "Version"),
        url: str(el, "URL"),
        username: str(el, "Username"),
        password: str(el, "Password"),
      };
    case "UninstallOpStruct":
      return {
        op: "Uninstall",
        uuid: str(el, "UUID"),
        version: str(el, "Version"),
        executionEnvRef: str(el, "ExecutionEnvRef"),
      };
    default:
      return undefined;
  }
}

function parseOperations(el: XmlElement): DuOperation[] {
  const ops: DuOperation[] = [];
  for (const o of el.children) {
    if (o.local !== "Operations") continue;
    const direct = parseOperation(typeAttr(o) ?? "", o);
    if (direct !== undefined) {
      ops.push(direct);
      continue;
    }
    for (const nested of o.children) {
      const op = parseOperation(nested.local, nested);
      if (op !== undefined) ops.push(op);
    }
  }
  return ops;
}

function writeOperation(op: DuOperation): string {
  switch (op.op) {
    case "Install":
      return (
        '<Operations xsi:type="cwmp:InstallOpStruct">' +
        leaf("URL", op.url) +
        leaf("UUID", op.uuid) +
        leaf("Username", op.username) +
        leaf("Password", op.password) +
        leaf("ExecutionEnvRef", op.executionEnvRef) +
        "</Operations>"
      );
    case "Update":
      return (
        '<Operations xsi:type="cwmp:UpdateOpStruct">' +
        leaf("UUID", op.uuid) +
        leaf("Version", op.version) +
        leaf("URL", op.url) +
        leaf("Username", op.username) +
        leaf("Password", op.password) +
        "</Operations>"
      );
    case "Uninstall":
      return (
        '<Operations xsi:type="cwmp:UninstallOpStruct">' +
        leaf("UUID", op.uuid) +
        leaf("Version", op.version) +
        leaf("ExecutionEnvRef", op.executionEnvRef) +
        "</Operations>"
      );
  }
}

export const changeDuState: RpcCodec<MessageNamed<"ChangeDUState">> = {
  parse: (el) => ({
    name: "ChangeDUState",
    operations: parseOperations(el),
    commandKey: str(el, "CommandKey"),
  }),
  write: (m) => m.operations.map(writeOperation).join("") + leaf("CommandKey", m.commandKey),
};
export const changeDuStateResponse = emptyCodec<MessageNamed<"ChangeDUStateResponse">>({
  name: "ChangeDUStateResponse",
});

/** Result elements under every <Results>, in either wire form. */
function resultElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const r of el.children) {
    if (r.local !== "Results") continue;
    if (child(r, "UUID") !== undefined) out.push(r);
    else out.push(...r.children);
  }
  return out;
}

function parseResult(r: XmlElement): DuOpResult {
  const fault = child(r, "Fault");
  return {
    uuid: str(r, "UUID"),
    deploymentUnitRef: str(r, "DeploymentUnitRef"),
    version: str(r, "Version"),
    currentState: str(r, "CurrentState"),
    resolved: bool(r, "Resolved"),
    executionUnitRefList: str(r, "ExecutionUnitRefList"),
    startTime: str(r, "StartTime"),
    completeTime: str(r, "CompleteTime"),
    fault: parseFaultStruct(
      fault === undefined ? child(r, "FaultStruct") : (child(fault, "FaultStruct") ?? fault),
    ),
  };
}

function writeResultFields(r: DuOpResult): string {
  return (
    leaf("UUID", r.uuid) +
    leaf("DeploymentUnitRef", r.deploymentUnitRef) +
    leaf("Version", r.version) +
    leaf("CurrentState", r.currentState) +
    leafBool("Resolved", r.resolved) +
    leaf("ExecutionUnitRefList", r.executionUnitRefList) +
    leaf("StartTime", r.startTime) +
    leaf("CompleteTime", r.completeTime) +
    `<Fault>${leafInt("FaultCode", r.fault.faultCode)}${leaf("FaultString", r.fault.faultString)}</Fault>`
  );
}

export const duStateChangeComplete: RpcCodec<MessageNamed<"DUStateChangeComplete">> = {
  parse: (el) => ({
    name: "DUStateChangeComplete",
    results: resultElements(el).map(parseResult),
    commandKey: str(el, "CommandKey"),
  }),
  write: (m) =>
    array(
      "Results",
      "cwmp:OpResultStruct",
      m.results.map((r) => `<OpResultStruct>${writeResultFields(r)}</OpResultStruct>`),
    ) + leaf("CommandKey", m.commandKey),
};
export const duStateChangeCompleteResponse = emptyCodec<MessageNamed<"DUStateChangeCompleteResponse">>({
  name: "DUStateChangeCompleteResponse",
});

export const autonomousDuStateChangeComplete: RpcCodec<MessageNamed<"AutonomousDUStateChangeComplete">> = {
  parse: (el) => ({
    name: "AutonomousDUStateChangeComplete",
    results: resultElements(el).map((r): AutonomousDuOpResult => ({
      ...parseResult(r),
      operationPerformed: str(r, "OperationPerformed"),
    })),
  }),
  write: (m) =>
    array(
      "Results",
      "cwmp:AutonOpResultStruct",
      m.results.map(
        (r) =>
          `<AutonOpResultStruct>${writeResultFields(r)}${leaf("OperationPerformed", r.operationPerformed)}</AutonOpResultStruct>`,
      ),
    ),
};
export const autonomousDuStateChangeCompleteResponse = emptyCodec<
  MessageNamed<"AutonomousDUStateChangeCompleteResponse">
>({ name: "AutonomousDUStateChangeCompleteResponse" });
