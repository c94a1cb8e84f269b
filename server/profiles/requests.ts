// A plan as CWMP requests, in the order a CPE can take them: deletions, additions, one atomic
// SetParameterValues, attributes. Reads come alone (the plan is decided again once they are answered).
import type { AcsRequest } from "../cwmp/soap/types";
import type { XsdType } from "../cwmp/soap/types";
import { XSD_TYPES } from "../../lib/xsd-types";
import type { Plan } from "./plan";

const parameterKey = (profileId: number, version: number) => `profile-${profileId}-v${version}`;
const XSD = new Set<string>(XSD_TYPES);
const xsd = (t: string): XsdType => (XSD.has(t) ? (t as XsdType) : "string");

export function readRequests(plan: Plan): AcsRequest[] {
  const out: AcsRequest[] = [];
  if (plan.reads.length > 0) out.push({ name: "GetParameterValues", parameterNames: plan.reads });
  if (plan.attributeReads.length > 0)
    out.push({ name: "GetParameterAttributes", parameterNames: plan.attributeReads });
  return out;
}

export function changeRequests(plan: Plan, profileId: number, version: number): AcsRequest[] {
  const key = parameterKey(profileId, version);
  const out: AcsRequest[] = [];
  for (const objectName of plan.deletes) out.push({ name: "DeleteObject", objectName, parameterKey: key });
  for (const add of plan.adds) out.push({ name: "AddObject", objectName: add.table, parameterKey: key });
  if (plan.sets.length > 0)
    out.push({
      name: "SetParameterValues",
      parameterList: plan.sets.map((s) => ({ name: s.path, value: s.value, type: xsd(s.type) })),
      parameterKey: key,
    });
  if (plan.attributes.length > 0)
    out.push({
      name: "SetParameterAttributes",
      parameterList: plan.attributes.map((a) => ({
        name: a.path,
        notificationChange: true,
        notification: a.notification,
        accessListChange: a.accessList !== undefined,
        accessList: a.accessList ?? [],
      })),
    });
  return out;
}

export function verifyRequest(paths: readonly string[]): AcsRequest[] {
  return paths.length > 0 ? [{ name: "GetParameterValues", parameterNames: [...paths] }] : [];
}
