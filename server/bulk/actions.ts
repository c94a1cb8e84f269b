// Each bulk action's rules: checked once when the job is created, and turned into task requests per
// device by the runner.
import { AppError } from "../core/app-error";
import { hasPermission, permissionToWrite, type Permission } from "../../lib/permissions";
import { lookupParameter, validateValue } from "../datamodel";
import { isSecretParameter } from "../datamodel/secret-parameters";
import { isSealed, openSecret, sealSecret } from "../secrets-file";
import type { Role } from "../generated/prisma/enums";
import { BULK_ACTION_PERMISSION, type BulkAction } from "../../lib/bulk/schema";
import { mentionsAudience } from "../devices/audience-visibility";

/**
 * Every permission creating a job for `action` takes: devices.bulk, the action's own, the path's (and
 * audience.read for an audience parameter, as on one device: devices/actions.ts).
 */
export function permissionsFor(action: BulkAction): Permission[] {
  const needed: Permission[] = ["devices.bulk", BULK_ACTION_PERMISSION[action.action]];
  if (action.action === "set") needed.push(permissionToWrite(action.path));
  if (action.action === "set" && mentionsAudience(action.path)) needed.push("audience.read");
  return [...new Set(needed)];
}

/** The permissions `action` takes that `role` lacks (none: the role may run it). */
export function missingPermissions(role: Role, action: BulkAction): Permission[] {
  return permissionsFor(action).filter((p) => !hasPermission(role, p));
}

/** Refuses a job whose action the creator's role could not take on a single device. */
export function assertMayRun(role: Role, action: BulkAction): void {
  const missing = missingPermissions(role, action);
  if (missing.length > 0) {
    throw new AppError(
      "forbidden",
      `Your role (${role}) lacks ${missing.join(", ")} for a bulk ${action.action}`,
    );
  }
}

/** Validate an action against the data model; a "set" gets the xsd type the model declares. */
export function prepareAction(action: BulkAction): BulkAction {
  if (action.action !== "set") return action;
  const known = lookupParameter(action.path);
  // A vendor parameter the models don't describe: sent as typed by the operator, the CPE judges it.
  if (!known) return { ...action, type: action.type ?? "string" };
  if (!known.facts.w) {
    throw new AppError("invalid_input", `${action.path} is read-only in ${known.model}`);
  }
  const check = validateValue(known.facts, action.value, { write: true });
  if (!check.ok) {
    throw new AppError(
      "invalid_input",
      `Invalid value for ${action.path}: ${check.message} (${check.faultCode})`,
    );
  }
  const type = known.facts.t === "decimal" ? "string" : known.facts.t;
  return { ...action, type };
}

/**
 * The action as BulkJob.params stores it: a secret value (a Wi-Fi key set on a thousand boxes) sealed
 * with the secrets-file key, so the job row never holds it in clear.
 */
export function sealActionValue(action: BulkAction): BulkAction {
  if (action.action !== "set" || !isSecretParameter(action.path) || isSealed(action.value)) return action;
  return { ...action, value: sealSecret(action.value) };
}

/** The action with its stored value opened (as validated and sent); a plain value passes through. */
export function openActionValue<A extends BulkAction>(action: A): A {
  if (action.action !== "set" || !isSealed(action.value)) return action;
  return { ...action, value: openSecret(action.value) };
}

/** Groups the job's tasks (Task.batchId); also the Reboot CommandKey and SPV ParameterKey. */
export function batchIdOf(jobId: number): string {
  return `bulk-${jobId}`;
}

/** True when the action queues tasks (and so is limited by the outstanding cap). */
export function queuesTasks(action: BulkAction): boolean {
  return (
    action.action === "refresh" ||
    action.action === "reboot" ||
    action.action === "set" ||
    action.action === "download"
  );
}

/**
 * The task requests one device gets; the last one's outcome is shown as the item's task. A download
 * is not a plain request (it needs its image and fresh credentials): server/bulk/download-items.ts.
 */
export function requestsFor(action: BulkAction, jobId: number, rootObject: string): unknown[] {
  const key = batchIdOf(jobId);
  switch (action.action) {
    case "reboot":
      return [{ name: "Reboot", commandKey: key }];
    case "refresh": {
      // A device that never told us its root is asked for everything ("" = the whole tree).
      const root = rootObject ? `${rootObject}.` : "";
      return [
        { name: "GetParameterNames", parameterPath: root, nextLevel: false },
        { name: "GetParameterValues", parameterNames: [root] },
      ];
    }
    case "set":
      return [
        {
          name: "SetParameterValues",
          // Opened here; insertTasks seals it again in Task.request.
          parameterList: [
            { name: action.path, value: openActionValue(action).value, type: action.type ?? "string" },
          ],
          parameterKey: key,
        },
      ];
    default:
      return [];
  }
}
