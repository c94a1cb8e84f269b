// Files of the store whose row is gone: an upload of a device since deleted (its DeviceFile rows go
// with it, the file stays), an image whose row was deleted just before a crash. Found by comparing the
// directory with the rows, a bounded number per run; only files older than an hour (an upload still
// being written has no row yet).
import { readdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { db } from "../db";
import { storeDir } from "./paths";

const MAX_FILES_PER_RUN = 10_000;
const BATCH = 1_000;
const MIN_AGE_MS = 60 * 60 * 1000;

export async function sweepOrphanFiles(now = Date.now()): Promise<number> {
  return (await sweep("uploads", now)) + (await sweep("images", now));
}

async function sweep(sub: "uploads" | "images", now: number): Promise<number> {
  const dir = storeDir(sub);
  const names = (await readdir(dir)).filter((n) => /^[0-9a-f]{16,64}$/.test(n)).slice(0, MAX_FILES_PER_RUN);
  let removed = 0;
  for (let at = 0; at < names.length; at += BATCH) {
    const batch = names.slice(at, at + BATCH);
    const rows =
      sub === "uploads"
        ? await db().deviceFile.findMany({
            where: { storageName: { in: batch } },
            select: { storageName: true },
          })
        : await db().firmwareImage.findMany({
            where: { storageName: { in: batch } },
            select: { storageName: true },
          });
    const known = new Set(rows.map((r) => r.storageName));
    for (const name of batch.filter((n) => !known.has(n))) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile() || now - info.mtimeMs < MIN_AGE_MS) continue;
      await unlink(file).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
