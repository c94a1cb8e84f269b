// What the console's DM tree shows of one node: what the device document holds under a DM URI (the
// values package 1 and finished DmGet/DmReplace tasks wrote, server/mobile/identity.ts) and the DM task
// still open on that URI, so the page can poll it like the CWMP tree polls its refresh.
import "server-only";
import { z } from "zod";
import { AppError } from "../core/app-error";
import { db } from "../db";
import type { ParameterDocument } from "../devices/parameter-document";
import { TaskState } from "../generated/prisma/enums";
import { dmUriSchema } from "./dm-requests";

const dmTaskSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(TaskState),
  faultCode: z.number().int().nullable(),
  faultString: z.string().nullable(),
});

export const dmNodeSchema = z.object({
  uri: z.string(),
  name: z.string(),
  /** the DM Format the mobile reported ("node" for interior nodes), when known */
  format: z.string().nullable(),
  /** a leaf's value; null for interior nodes and leaves not read yet */
  value: z.string().nullable(),
  interior: z.boolean(),
  readAt: z.date().nullable(),
});

export const dmTreeSchema = z.object({
  node: dmNodeSchema,
  children: z.array(dmNodeSchema),
  /** the latest DM task on this URI (open or finished): the page polls it while it is open */
  task: dmTaskSchema.nullable(),
});

export type DmNodeView = z.infer<typeof dmNodeSchema>;
export type DmTreeView = z.infer<typeof dmTreeSchema>;

const MAX_CHILDREN = 500;
const STANDARD_ROOT = ["DevInfo", "DevDetail", "DMAcc", "FUMO"];

/** The device document's DM entries, whatever the JSON holds (a hand-edited row never breaks the page). */
export function dmEntries(json: unknown): ParameterDocument {
  const doc: ParameterDocument = {};
  if (!json || typeof json !== "object" || Array.isArray(json)) return doc;
  for (const [uri, raw] of Object.entries(json as Record<string, unknown>)) {
    if (!uri.startsWith(".") || !raw || typeof raw !== "object") continue;
    const e = raw as { v?: unknown; t?: unknown; ts?: unknown };
    doc[uri] = {
      ...(typeof e.v === "string" ? { v: e.v } : {}),
      ...(typeof e.t === "string" ? { t: e.t } : {}),
      ts: typeof e.ts === "number" && Number.isFinite(e.ts) ? e.ts : 0,
    };
  }
  return doc;
}

function nodeView(uri: string, doc: ParameterDocument, interiorHint: boolean): DmNodeView {
  const entry = doc[uri];
  const interior = entry?.t === "node" || interiorHint;
  return {
    uri,
    name: uri === "." ? "." : uri.slice(uri.lastIndexOf("/") + 1),
    format: entry?.t ?? null,
    value: interior ? null : (entry?.v ?? null),
    interior,
    readAt: entry?.ts ? new Date(entry.ts) : null,
  };
}

/** Children of a URI: the names an interior Get listed (Format node) and every deeper stored URI. */
export function childrenOf(doc: ParameterDocument, uri: string): DmNodeView[] {
  const prefix = uri === "." ? "./" : `${uri}/`;
  // The root's standard objects (DM 1.2 mandates DevInfo, DevDetail, DMAcc; FUMO is the standard
  // firmware object) are offered before any read: expanding one reads it live.
  const names = new Map<string, boolean>(uri === "." ? STANDARD_ROOT.map((n) => [n, true]) : []);
  const own = doc[uri];
  if (own?.t === "node" && own.v)
    for (const name of own.v.split("/")) if (name && name !== "." && name !== "..") names.set(name, false);
  for (const key of Object.keys(doc)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf("/");
    const name = slash < 0 ? rest : rest.slice(0, slash);
    if (!name) continue;
    names.set(name, (names.get(name) ?? false) || slash >= 0);
  }
  return [...names.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .slice(0, MAX_CHILDREN)
    .map(([name, deeper]) => nodeView(`${prefix}${name}`, doc, deeper));
}

export async function dmTree(deviceId: number, uri: string): Promise<DmTreeView> {
  const path = dmUriSchema.parse(uri);
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { protocol: true, parameters: true },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  if (device.protocol !== "omadm")
    throw new AppError("conflict", `device ${deviceId} is not managed over OMA DM`);
  const doc = dmEntries(device.parameters);
  const children = childrenOf(doc, path);
  const [task] = await db().$queryRawUnsafe<z.infer<typeof dmTaskSchema>[]>(
    `SELECT id, name, state::text AS state, "faultCode", "faultString" FROM "Task"
      WHERE "deviceId" = $1 AND protocol = 'omadm' AND request->>'uri' = $2
      ORDER BY id DESC LIMIT 1`,
    deviceId,
    path,
  );
  return {
    node: nodeView(path, doc, children.length > 0 || path === "."),
    children,
    task: task ? dmTaskSchema.parse(task) : null,
  };
}
