import type { ProfileDefinition } from "@/lib/profiles/definition";

export interface DiffEntry {
  change: "added" | "removed" | "changed";
  what: string;
  before?: string;
  after?: string;
}

/** A definition as "what" -> value lines, so two versions compare row by row. */
function flatten(def: ProfileDefinition): Map<string, string> {
  const out = new Map<string, string>();
  out.set("triggers", [...def.triggers].sort().join(", "));
  const p = def.precondition;
  for (const [key, list] of Object.entries({
    kinds: p.kinds,
    roots: p.roots,
    OUIs: p.ouis,
    "product classes": p.productClasses,
    models: p.models,
    tags: p.tags,
  }))
    if (list.length) out.set(`applies to: ${key}`, list.join(", "));
  if (p.softwareVersion?.min) out.set("applies to: software from", p.softwareVersion.min);
  if (p.softwareVersion?.below) out.set("applies to: software below", p.softwareVersion.below);
  for (const c of p.parameters) out.set(`condition ${c.path} ${c.op}`, c.value);
  for (const r of def.parameters) out.set(`parameter ${r.path}`, r.value);
  for (const a of def.attributes) out.set(`notification ${a.path}`, a.notification);
  for (const o of def.objects)
    out.set(`table ${o.path}`, JSON.stringify({ key: o.key, exact: o.exact, instances: o.instances }));
  return out;
}

/** What changed from `before` (null: the first version) to `after`. */
export function diffDefinitions(before: ProfileDefinition | null, after: ProfileDefinition): DiffEntry[] {
  const a = before ? flatten(before) : new Map<string, string>();
  const b = flatten(after);
  const out: DiffEntry[] = [];
  for (const [what, value] of b) {
    const old = a.get(what);
    if (old === undefined) out.push({ change: "added", what, after: value });
    else if (old !== value) out.push({ change: "changed", what, before: old, after: value });
  }
  for (const [what, value] of a) if (!b.has(what)) out.push({ change: "removed", what, before: value });
  return out;
}
