// The file server's base URL as CPEs reach it: FILE_PUBLIC_URL when set (several nodes behind a load
// balancer), else the address the listener of this process bound (recorded when it starts).
import { processSlot } from "../core/process-slot";
import { settings } from "../env";

const slot = processSlot<{ url?: string }>("fileServerUrl");

export function setFileServerUrl(url: string): void {
  slot.url = url.replace(/\/+$/, "");
}

export function fileServerUrl(): string {
  const configured = settings().FILE_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  if (!slot.url) throw new Error("the file server is not running in this process (set FILE_PUBLIC_URL)");
  return slot.url;
}

/** The path an image is served at: /images/<id>/<file name>. */
export function imagePath(image: { id: number; fileName: string }): string {
  return `/images/${image.id}/${encodeURIComponent(image.fileName)}`;
}

/** The path a CPE uploads a file to: /uploads/<grant username>. */
export function uploadPath(grantUsername: string): string {
  return `/uploads/${encodeURIComponent(grantUsername)}`;
}
