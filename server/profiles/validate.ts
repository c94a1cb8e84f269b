// The save-time check of a profile against the data-model facts the product ships (and vendor models
// operators imported): every path known, writable, every value of its type, range, enumeration and
// length, every reference resolvable. Refused rows come back with the reason; a profile with any refused
// row is not saved (the editor shows them inline).
import type { ChildObject, ProfileDefinition } from "../../lib/profiles/definition";
import { VALUE_REFERENCES, valueReferences } from "../../lib/profiles/definition";
import { SERVER_REFERENCES } from "../../lib/profiles/references";
import { validateValue } from "../../lib/datamodel/validate";
import type { ParamFacts } from "../../lib/datamodel/types";
import { permissionToWrite } from "../../lib/permissions";
import { isSecretParameter } from "../datamodel/secret-parameters";
import { lookupObject, lookupParameter } from "../datamodel/registry";

export interface RefusedRow {
  /** "parameters[3]", "attributes[0]", "objects[1].instances[0].InternalPort", "precondition.parameters[0]" */
  row: string;
  path: string;
  reason: string;
}

export interface ProfileCheck {
  refused: RefusedRow[];
  /** Rows that write <root>.ManagementServer.* (admin-only: devices.management_server). */
  managementPaths: string[];
}

const STATIC_REFERENCES = new Set<string>([...VALUE_REFERENCES, ...Object.keys(SERVER_REFERENCES)]);
/** Server references that are secrets themselves: a secret parameter may take one alone. */
const SECRET_REFERENCES = new Set(
  Object.entries(SERVER_REFERENCES)
    .filter(([, r]) => r.secret)
    .map(([name]) => name),
);
/** Types a ${serial}-style reference may fill: anything textual. Numbers and booleans take literals. */
const TEXT_TYPES = new Set(["string", "base64", "hexBinary"]);
/** Server references whose value is a port number: alone, they may fill an unsignedInt (STUNServerPort). */
const PORT_REFERENCES = new Set(["stunServerPort"]);

/** The reason a value is refused for a parameter, or null when it is fine. */
function valueProblem(
  facts: ParamFacts,
  path: string,
  value: string,
  secrets: ReadonlySet<string>,
): string | null {
  const refs = valueReferences(value);
  for (const ref of refs) {
    if (ref.startsWith("secret:")) {
      if (!secrets.has(ref.slice("secret:".length))) return `unknown secret "${ref.slice(7)}"`;
    } else if (!STATIC_REFERENCES.has(ref)) {
      return `unknown reference \${${ref}} (known: ${[...STATIC_REFERENCES].join(", ")}, secret:<name>)`;
    }
  }
  const alone = refs.length === 1 && value === `\${${refs[0]}}`;
  if (
    isSecretParameter(path) &&
    !(alone && (refs[0]!.startsWith("secret:") || SECRET_REFERENCES.has(refs[0]!)))
  )
    return "a secret parameter takes a profile secret (${secret:<name>}) or a derived one (${bulkdataPassword}), so its value is never stored";
  // A derived secret goes only where secrets go: anywhere else it would be stored and shown.
  if (refs.some((r) => SECRET_REFERENCES.has(r)) && !isSecretParameter(path))
    return `\${${refs.find((r) => SECRET_REFERENCES.has(r))}} only fills a password parameter`;
  if (refs.length > 0) {
    const port = alone && facts.t === "unsignedInt" && PORT_REFERENCES.has(refs[0]!);
    if (!TEXT_TYPES.has(facts.t) && !port) return `a ${facts.t} takes a literal value, not a reference`;
    return null; // checked per device when resolved; a CPE refuses what its model refuses (9007)
  }
  const v = validateValue(facts, value, { write: true });
  return v.ok ? null : v.message;
}

function writableParameter(path: string): { facts?: ParamFacts; reason?: string } {
  const hit = lookupParameter(path);
  if (!hit) return { reason: "not a parameter of the known data models" };
  if (!hit.facts.w) return { reason: "read-only in the data model" };
  if (hit.facts.st === "o") return { reason: "obsoleted in the data model" };
  return { facts: hit.facts };
}

export function checkProfile(def: ProfileDefinition, secretNames: Iterable<string>): ProfileCheck {
  const secrets = new Set(secretNames);
  const refused: RefusedRow[] = [];
  const management = new Set<string>();
  const refuse = (row: string, path: string, reason: string) => refused.push({ row, path, reason });
  const seen = new Set<string>();

  def.parameters.forEach((r, i) => {
    const row = `parameters[${i}]`;
    if (seen.has(r.path)) return refuse(row, r.path, "set twice in this profile");
    seen.add(r.path);
    const { facts, reason } = writableParameter(r.path);
    if (!facts) return refuse(row, r.path, reason!);
    const problem = valueProblem(facts, r.path, r.value, secrets);
    if (problem) refuse(row, r.path, problem);
    if (permissionToWrite(r.path) === "devices.management_server") management.add(r.path);
  });

  def.attributes.forEach((r, i) => {
    const row = `attributes[${i}]`;
    const hit = lookupParameter(r.path);
    if (!hit) return refuse(row, r.path, "not a parameter of the known data models");
    if (hit.facts.an === "fe" && r.notification !== "active")
      refuse(row, r.path, "the data model forces active notification on");
    if (hit.facts.an === "cd" && r.notification === "active")
      refuse(row, r.path, "the data model lets the device deny active notification here");
    if (permissionToWrite(r.path) === "devices.management_server") management.add(r.path);
  });

  const checkTable = (
    row: string,
    path: string,
    o: { key: string; instances: { values: Record<string, string>; children?: ChildObject[] }[] },
  ) => {
    const table = lookupObject(path);
    if (!table || !table.facts.m)
      return refuse(row, path, "not a multi-instance object of the known data models");
    if (!table.facts.w) return refuse(row, path, "instances cannot be added or deleted (read-only table)");
    if (!table.facts.p[o.key]) return refuse(row, path, `"${o.key}" is not a parameter of its instances`);
    if (table.facts.mx != null && o.instances.length > table.facts.mx)
      refuse(row, path, `more than the ${table.facts.mx} instances the table allows`);
    const keys = new Set<string>();
    o.instances.forEach((inst, j) => {
      const at = `${row}.instances[${j}]`;
      const key = inst.values[o.key];
      if (key === undefined) return refuse(at, path, `has no ${o.key} (the key)`);
      if (keys.has(key)) return refuse(at, path, `${o.key} ${key} listed twice`);
      keys.add(key);
      for (const [name, value] of Object.entries(inst.values)) {
        const concrete = `${path}1.${name}`;
        const { facts, reason } = writableParameter(concrete);
        if (!facts) refuse(`${at}.${name}`, `${path}{i}.${name}`, reason!);
        else {
          const problem = valueProblem(facts, concrete, value, secrets);
          if (problem) refuse(`${at}.${name}`, `${path}{i}.${name}`, problem);
        }
      }
      inst.children?.forEach((child, k) =>
        checkTable(`${at}.children[${k}]`, `${path}1.${child.path}`, child),
      );
    });
    if (permissionToWrite(path) === "devices.management_server") management.add(path);
  };
  def.objects.forEach((o, i) => checkTable(`objects[${i}]`, o.path, o));

  def.precondition.parameters.forEach((c, i) => {
    if (!lookupParameter(c.path))
      refuse(`precondition.parameters[${i}]`, c.path, "not a parameter of the known data models");
  });
  return { refused, managementPaths: [...management] };
}
