// Where the software store keeps files: FIRMWARE_DIR, else <DATA_DIR>/firmware (an in-memory test
// store gets a directory of its own under the system's temp directory).
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { settings } from "../env";

export function firmwareDir(): string {
  const s = settings();
  const dir =
    s.FIRMWARE_DIR ??
    (s.DATA_DIR === "memory:"
      ? path.join(os.tmpdir(), `vantage-firmware-${process.pid}`)
      : path.resolve(s.DATA_DIR, "firmware"));
  return path.resolve(dir);
}

/** A subdirectory (images, uploads, tmp), created on first use. */
export function storeDir(sub: "images" | "uploads" | "tmp"): string {
  const dir = path.join(firmwareDir(), sub);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
