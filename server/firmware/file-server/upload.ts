// PUT/POST /uploads/<username>: the file a CPE sends for an Upload RPC (configuration backup, log).
// Only the holder of that upload grant; the body streams to the store with a size cap and a sha256,
// then becomes a DeviceFile row of the grant's device and task. The contents are never logged.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type http from "node:http";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { db } from "../../db";
import { logger } from "../../logger";
import { storeDir } from "../paths";
import { authenticateGrant, type AuthContext } from "./auth";

export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

class TooLarge extends Error {}

export async function receiveUpload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  username: string,
  ctx: AuthContext,
): Promise<void> {
  const auth = await authenticateGrant(req, { purpose: "upload", username }, ctx);
  if (!auth.ok) return refuse(req, res, 401, { "WWW-Authenticate": auth.challenge });
  // One file per Upload: a grant already used cannot keep filling the store until it expires.
  if (auth.grant.uses > 0) return refuse(req, res, 403);
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > MAX_UPLOAD_BYTES) return refuse(req, res, 413);
  // Expect: 100-continue: the body is asked for only now that the sender is known.
  if (/100-continue/i.test(String(req.headers.expect ?? ""))) res.writeContinue();

  const grant = auth.grant;
  const storageName = randomBytes(16).toString("hex");
  const file = path.join(storeDir("uploads"), storageName);
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) return done(new TooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await rm(file, { force: true });
    if (err instanceof TooLarge) return refuse(req, res, 413);
    if (!res.headersSent && !res.destroyed) res.writeHead(400).end();
    return;
  }
  try {
    const row = await db().deviceFile.create({
      data: {
        deviceId: grant.deviceId,
        taskId: grant.taskId,
        fileType: grant.fileType,
        fileName: uploadFileName(grant.fileType, new Date()),
        storageName,
        size: BigInt(size),
        sha256: hash.digest("hex"),
        contentType: contentType(req.headers["content-type"]),
      },
    });
    await db().fileGrant.update({ where: { id: grant.id }, data: { uses: { increment: 1 } } });
    logger("file-server").info({ deviceId: grant.deviceId, fileId: row.id, size }, "upload stored");
    res.writeHead(201, { "Content-Length": 0 }).end();
  } catch (err) {
    await rm(file, { force: true });
    logger("file-server").error({ err, deviceId: grant.deviceId }, "could not record an upload");
    if (!res.headersSent) res.writeHead(500).end();
  }
}

/** A refusal before the body was read: the connection closes instead of reading what was sent. */
function refuse(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.shouldKeepAlive = false;
  res.writeHead(status, { ...headers, Connection: "close", "Content-Length": 0 }).end();
  res.once("finish", () => {
    if (!req.complete) req.socket.destroySoon();
  });
}

/** A name for the console's download link: by type, device-independent, timestamped. */
export function uploadFileName(fileType: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  if (fileType.startsWith("1 ")) return `config-${stamp}.cfg`;
  if (fileType.startsWith("2 ")) return `log-${stamp}.log`;
  return `upload-${stamp}.bin`;
}

function contentType(header: string | undefined): string {
  const value = (header ?? "").split(";")[0]!.trim().toLowerCase();
  return /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,80}$/.test(value) && !value.startsWith("multipart/")
    ? value
    : "application/octet-stream";
}
