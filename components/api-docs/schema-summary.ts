// A JSON Schema (as the OpenAPI document holds it) in one short line for the API docs page, e.g.
// `{ id: integer, tags: string[], lastInform?: string | null }`. Bounded in depth and width.
type Schema = Record<string, unknown>;

const MAX_DEPTH = 3;
const MAX_FIELDS = 12;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function union(parts: unknown[], depth: number): string {
  return [...new Set(parts.map((p) => summarizeSchema(p, depth)))].join(" | ");
}

function objectSummary(schema: Schema, depth: number): string {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const names = Object.keys(properties);
  if (names.length === 0) return isSchema(schema.additionalProperties) ? "{ [key]: … }" : "object";
  if (depth >= MAX_DEPTH) return "{ … }";
  const fields = names
    .slice(0, MAX_FIELDS)
    .map(
      (name) => `${name}${required.has(name) ? "" : "?"}: ${summarizeSchema(properties[name], depth + 1)}`,
    );
  if (names.length > MAX_FIELDS) fields.push(`… ${names.length - MAX_FIELDS} more`);
  return `{ ${fields.join(", ")} }`;
}

export function summarizeSchema(schema: unknown, depth = 0): string {
  if (!isSchema(schema)) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").at(-1) ?? "object";
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const parts = schema[key];
    if (Array.isArray(parts))
      return key === "allOf" ? parts.map((p) => summarizeSchema(p, depth)).join(" & ") : union(parts, depth);
  }
  const type = schema.type;
  if (Array.isArray(type))
    return (type as unknown[]).map((t) => summarizeSchema({ ...schema, type: t }, depth)).join(" | ");
  if (type === "array") return `${summarizeSchema(schema.items, depth)}[]`;
  if (type === "object" || isSchema(schema.properties)) return objectSummary(schema, depth);
  if (typeof type === "string") return type;
  return "any";
}
