// The OpenAPI document's operations as the docs page lists them: grouped by tag, each with its scope,
// parameters and the one-line shapes of its request and answer.
import { summarizeSchema } from "./schema-summary";

export interface DocParameter {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string;
}

export interface DocOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  scope: string | null;
  parameters: DocParameter[];
  request: string | null;
  response: string | null;
}

type Json = Record<string, unknown>;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const obj = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function jsonSchemaOf(holder: unknown): unknown {
  const content = obj(obj(holder).content);
  const first = Object.values(content)[0];
  return first === undefined ? undefined : obj(first).schema;
}

function successOf(responses: Json): unknown {
  const code = Object.keys(responses).find((c) => c.startsWith("2"));
  return code === undefined ? undefined : jsonSchemaOf(responses[code]);
}

function operationOf(method: string, path: string, op: Json): DocOperation {
  const parameters = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => {
    const param = obj(p);
    return {
      name: str(param.name),
      in: str(param.in),
      required: param.required === true,
      type: summarizeSchema(param.schema),
      description: str(param.description) || str(obj(param.schema).description),
    };
  });
  const request = op.requestBody === undefined ? undefined : jsonSchemaOf(op.requestBody);
  const response = successOf(obj(op.responses));
  return {
    id: str(op.operationId) || `${method}-${path}`,
    method: method.toUpperCase(),
    path,
    summary: str(op.summary),
    description: str(op.description),
    scope: str(op["x-required-scope"]) || null,
    parameters,
    request: request === undefined ? null : summarizeSchema(request),
    response: response === undefined ? null : summarizeSchema(response),
  };
}

/** Tag -> its operations, tags in first-seen order. */
export function operationsByTag(document: unknown): Map<string, DocOperation[]> {
  const groups = new Map<string, DocOperation[]>();
  for (const [path, item] of Object.entries(obj(obj(document).paths))) {
    for (const method of METHODS) {
      const op = obj(item)[method];
      if (op === undefined) continue;
      const tags = obj(op).tags;
      const tag = Array.isArray(tags) && typeof tags[0] === "string" ? tags[0] : "other";
      const list = groups.get(tag) ?? [];
      list.push(operationOf(method, path, obj(op)));
      groups.set(tag, list);
    }
  }
  return groups;
}
