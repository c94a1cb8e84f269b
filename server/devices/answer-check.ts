// Checks a CPE's answer against the request it answers, before anything from it is stored: what
// the answer may change is bounded by what was asked. Pure functions; task-effects.ts applies them.
import type { AcsRequest, CpeResponse } from "../cwmp/soap/types";
import { InvalidAnswer } from "./invalid-answer";

/**
 * Matches names against the paths a request listed: a path ending in "." (or "", the whole tree)
 * is a partial path and covers every name below it; any other path covers exactly that name.
 */
export function requestedNames(paths: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const p of paths) {
    if (p === "" || p.endsWith(".")) prefixes.push(p);
    else exact.add(p);
  }
  return (name) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
}

const OK_STATUS = new Set([0, 1]);

/** Throws InvalidAnswer when the answer cannot be right for the request; returns nothing otherwise. */
export function checkAnswer(request: AcsRequest, result: CpeResponse, maxNames: number): void {
  switch (result.name) {
    case "AddObjectResponse":
      if (!OK_STATUS.has(result.status)) throw new InvalidAnswer(`AddObject Status ${result.status}`);
      if (!Number.isSafeInteger(result.instanceNumber) || result.instanceNumber < 1)
        throw new InvalidAnswer(`AddObject InstanceNumber ${result.instanceNumber}`);
      return;
    case "DeleteObjectResponse":
      if (!OK_STATUS.has(result.status)) throw new InvalidAnswer(`DeleteObject Status ${result.status}`);
      return;
    case "SetParameterValuesResponse":
      if (!OK_STATUS.has(result.status))
        throw new InvalidAnswer(`SetParameterValues Status ${result.status}`);
      return;
    case "GetParameterNamesResponse":
      if (result.parameterList.length > maxNames)
        throw new InvalidAnswer(
          `GetParameterNames answer has ${result.parameterList.length} names; the maximum is ${maxNames}`,
        );
      return;
    default:
      return;
  }
}
