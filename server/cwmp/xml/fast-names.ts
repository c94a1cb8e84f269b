// Name resolution for the fast XML path (fast-parse.ts): namespace scopes, and the attribute keys
// of the records it builds, which must come out exactly as parse-xml's toElement makes them.
import { resolveUndeclared, XML_NAMESPACE, XMLNS_NAMESPACE } from "./element";

const wellKnown = resolveUndeclared; // read once: imported bindings are getters under tsx

/** Namespace declarations of one element, chained to those in scope around it. */
export interface Scope {
  parent: Scope | undefined;
  uris: Map<string, string>;
  /** The default namespace here ("" once undeclared), resolved once instead of per element. */
  defaultNs: string | undefined;
}

// A prefix, in saxes' lookup order: the element's own declarations, its ancestors', the two fixed
// prefixes, then parse-xml's fallback for well-known ones. Declaring "xml" or "xmlns" is left to
// saxes, so the fixed prefixes may come after the chain here. (The default namespace is
// Scope.defaultNs: the fallback binds none, so an undeclared one is "".)
export function resolvePrefix(scope: Scope | undefined, prefix: string): string | undefined {
  for (let at = scope; at !== undefined; at = at.parent) {
    const uri = at.uris.get(prefix);
    if (uri !== undefined) return uri;
  }
  if (prefix === "xml") return XML_NAMESPACE;
  if (prefix === "xmlns") return XMLNS_NAMESPACE;
  return wellKnown(prefix);
}

/** An attribute's keys in the record, as V8-internalised strings, for one resolution of its prefix. */
export interface AttrKeys {
  uri: string;
  name: string;
  local: string;
  clark: string;
}

// Storing a property under a freshly sliced string makes V8 internalise it first, which costs about
// 0.4 µs a key on a null-prototype record (40 % of this reader's profile). The few attribute names
// CPEs use are kept here already internalised, so storing is a hash lookup. Bounded, and holding
// copies, never slices that would keep a whole document alive.
const ATTR_KEYS = new Map<string, AttrKeys>();
const ATTR_KEYS_MAX = 1024;

/** `s` as an internalised, flat string: property keys always are. */
const internalised = (s: string): string => Object.keys({ [s]: 0 })[0] ?? s;

/** The keys for attribute `name` (its colon at `colon`, or -1) whose prefix resolved to `uri`. */
export function attrKeys(name: string, colon: number, uri: string): AttrKeys {
  const hit = ATTR_KEYS.get(name);
  if (hit !== undefined && hit.uri === uri) return hit;
  if (ATTR_KEYS.size >= ATTR_KEYS_MAX) ATTR_KEYS.clear();
  const local = name.slice(colon + 1);
  const keys: AttrKeys = {
    uri: internalised(uri),
    name: internalised(name),
    local: internalised(local),
    clark: internalised(`{${uri}}${local}`),
  };
  ATTR_KEYS.set(keys.name, keys);
  return keys;
}
