// A file a CPE uploaded (configuration backup, log), streamed to a signed-in operator with
// devices.files as an attachment (never rendered inline: its contents are the device's, not ours).
// One audit row per download, naming the file, not its contents.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { hasPermission } from "@/lib/permissions";
import { recordAudit } from "@/server/audit/service";
import { getCurrentOperator } from "@/server/auth/session";
import { db } from "@/server/db";
import { storeDir } from "@/server/firmware/paths";

export const dynamic = "force-dynamic";

function refuse(status: number, message: string): Response {
  return new Response(message + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export async function GET(_req: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { operator } = await getCurrentOperator();
  if (!operator) return refuse(401, "Sign in to continue");
  if (!hasPermission(operator.role, "devices.files"))
    return refuse(403, `Your role (${operator.role}) lacks devices.files`);
  const { id } = await context.params;
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2_147_483_647) return refuse(404, "No such file");
  const file = await db().deviceFile.findUnique({ where: { id: Number(id) } });
  if (!file || !/^[A-Za-z0-9._-]{1,128}$/.test(file.storageName)) return refuse(404, "No such file");
  const full = path.join(storeDir("uploads"), file.storageName);
  const size = await stat(full).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) return refuse(404, "The file is no longer stored");
  await db().$transaction((tx) =>
    recordAudit(tx, {
      operatorId: operator.id,
      action: "device.file.download",
      deviceId: file.deviceId,
      target: file.fileName,
      after: { fileId: file.id, fileType: file.fileType, size, sha256: file.sha256 },
    }),
  );
  const body = Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>;
  const safeName = file.fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(size),
      "content-disposition": `attachment; filename="${safeName}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
  });
}
