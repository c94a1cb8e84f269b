// Path completion for the profile editor: the next segment after what the operator typed, from the
// data-model facts (standard and imported). Instance numbers the operator typed stay as typed; a
// table's "{i}" is offered as "1" so a suggestion is always a path a device could have.
import type { BaseType } from "../../lib/datamodel/types";
import { lookupObject, objectPatterns, toPattern } from "./registry";

export const MAX_COMPLETIONS = 20;

export type Completion =
  { kind: "object"; path: string } | { kind: "parameter"; path: string; type: BaseType; writable: boolean };

/** "Device.Services.STBService.1.Serv" -> parent "Device.Services.STBService.1.", partial "Serv". */
function split(prefix: string): { parent: string; partial: string } {
  const dot = prefix.lastIndexOf(".");
  return dot < 0
    ? { parent: "", partial: prefix }
    : { parent: prefix.slice(0, dot + 1), partial: prefix.slice(dot + 1) };
}

const startsWith = (name: string, partial: string) => name.toLowerCase().startsWith(partial.toLowerCase());

/** Up to MAX_COMPLETIONS completions of `prefix`: child objects (ending in ".") first, then parameters. */
export function completePath(prefix: string, limit = MAX_COMPLETIONS): Completion[] {
  const { parent, partial } = split(prefix);
  const parentPattern = parent === "" ? "" : toPattern(parent);
  const objects = new Set<string>();
  for (const pattern of objectPatterns()) {
    if (!pattern.startsWith(parentPattern) || pattern === parentPattern) continue;
    const rest = pattern.slice(parentPattern.length);
    const segment = rest.slice(0, rest.indexOf("."));
    const shown = segment === "{i}" ? "1" : segment;
    if (shown !== "" && startsWith(shown, partial)) objects.add(shown);
  }
  const out: Completion[] = [...objects]
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((s) => ({ kind: "object" as const, path: `${parent}${s}.` }));

  // Parameters only of the object itself: for a table path ("…Host.") lookupObject answers with the
  // instance's facts, whose parameters live one "{i}." further down.
  const object = parent === "" ? undefined : lookupObject(parent);
  if (object && object.pattern === parentPattern) {
    const names = Object.keys(object.facts.p)
      .filter((n) => startsWith(n, partial))
      .sort((a, b) => a.localeCompare(b, "en"));
    for (const name of names) {
      const facts = object.facts.p[name]!;
      out.push({ kind: "parameter", path: `${parent}${name}`, type: facts.t, writable: facts.w === 1 });
    }
  }
  return out.slice(0, limit);
}
