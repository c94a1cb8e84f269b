// GET/HEAD /images/<id>/<name>: an image to the device its grant names. The file streams from the
// store with the headers a CPE needs to resume (ETag, Accept-Ranges, one Range) and to check what it
// got (Digest: sha-256, the originator's detached signature). Counters are updated when the response
// has ended, one UPDATE each, and a failing update never touches the response.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type http from "node:http";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { db } from "../../db";
import { logger } from "../../logger";
import { storeDir } from "../paths";
import { authenticateGrant, type AuthContext } from "./auth";
import { parseRange } from "./range";
import { pace, type TokenBucket } from "./token-bucket";

const STORAGE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export interface ImageRequest {
  imageId: number;
  /** The URL's file name, decoded. */
  name: string;
}

export async function serveImage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: ImageRequest,
  ctx: AuthContext & { bucket: TokenBucket | null },
): Promise<void> {
  const auth = await authenticateGrant(req, { purpose: "download", imageId: target.imageId }, ctx);
  if (!auth.ok) return void res.writeHead(401, { "WWW-Authenticate": auth.challenge }).end();
  const image = await db().firmwareImage.findUnique({
    where: { id: target.imageId },
    include: { key: { select: { algorithm: true, fingerprint: true } } },
  });
  if (!image || image.fileName !== target.name || !STORAGE_NAME.test(image.storageName))
    return void res.writeHead(404).end();
  // A blocked image is never served, whatever grant was issued before it was blocked.
  if (image.state === "blocked") return void res.writeHead(403).end();
  const file = path.join(storeDir("images"), image.storageName);
  const size = await stat(file).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) {
    logger("file-server").error({ imageId: image.id }, "image file missing from the store");
    return void res.writeHead(404).end();
  }

  const etag = `"${image.sha256}"`;
  const headers: Record<string, string | number> = {
    "Content-Type": "application/octet-stream",
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Cache-Control": "no-store",
    Digest: `sha-256=${Buffer.from(image.sha256, "hex").toString("base64")}`,
  };
  if (image.signature && image.key)
    headers["X-Vantage-Signature"] =
      `alg=${image.key.algorithm}; key=${image.key.fingerprint}; sig=${image.signature}`;
  // If-Range with another validator: the file changed, so the whole file (never a mixed one).
  const ifRange = req.headers["if-range"];
  const range = ifRange && ifRange !== etag ? { kind: "full" as const } : parseRange(req.headers.range, size);
  if (range.kind === "unsatisfiable") {
    return void res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}` }).end();
  }
  const start = range.kind === "partial" ? range.start : 0;
  const end = range.kind === "partial" ? range.end : size - 1;
  const status = range.kind === "partial" ? 206 : 200;
  if (range.kind === "partial") headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  headers["Content-Length"] = end - start + 1;
  res.writeHead(status, headers);
  if (req.method === "HEAD") return void res.end();

  let sent = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      pace(ctx.bucket, chunk.length).then(() => {
        sent += chunk.length;
        done(null, chunk);
      }, done);
    },
  });
  try {
    if (size === 0) res.end();
    else await pipeline(createReadStream(file, { start, end, highWaterMark: 64 * 1024 }), counted, res);
  } catch {
    // The CPE went away mid-transfer (or the socket timed out): counted as far as it got.
  }
  const complete = status === 200 && sent === size && res.writableFinished;
  void recordServed(image.id, auth.grant.id, sent, complete);
}

async function recordServed(
  imageId: number,
  grantId: number,
  bytes: number,
  complete: boolean,
): Promise<void> {
  try {
    // One transaction: whoever sees the download counted sees the grant's use counted too.
    await db().$transaction([
      db().firmwareImage.update({
        where: { id: imageId },
        data: {
          bytesServed: { increment: BigInt(bytes) },
          ...(complete ? { downloads: { increment: 1 } } : {}),
        },
      }),
      db().fileGrant.update({ where: { id: grantId }, data: { uses: { increment: 1 } } }),
    ]);
  } catch (err) {
    logger("file-server").warn({ err, imageId }, "could not count a served image");
  }
}
