// The browser side of the image upload: XMLHttpRequest, because only it reports upload progress (a
// fetch cannot), with the metadata and signature in headers and the file itself as the raw body.

export interface UploadResult {
  ok: boolean;
  status: number;
  id?: number;
  error?: string;
}

/** base64url of the metadata's UTF-8 JSON: headers carry neither raw UTF-8 nor newlines. */
export function encodeMeta(meta: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(meta));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A signature file as the base64 header value: base64 text as is, raw bytes (openssl's output) encoded. */
export function signatureHeaderValue(bytes: Uint8Array): string {
  const text = new TextDecoder("latin1").decode(bytes).replace(/\s+/g, "");
  if (/^[A-Za-z0-9+/]+=*$/.test(text) && text.length >= 64) return text;
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function uploadImage(
  file: Blob,
  meta: object,
  signature: string | null,
  onProgress: (fraction: number) => void,
): { done: Promise<UploadResult>; cancel: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve) => {
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { id?: number; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = { error: xhr.responseText.trim() || `HTTP ${xhr.status}` };
      }
      const ok = xhr.status === 201 && typeof body.id === "number";
      if (ok) onProgress(1);
      resolve({
        ok,
        status: xhr.status,
        id: body.id,
        error: ok ? undefined : (body.error ?? `HTTP ${xhr.status}`),
      });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, error: "The connection failed during the upload" });
    xhr.onabort = () => resolve({ ok: false, status: 0, error: "Upload cancelled" });
  });
  xhr.open("POST", "/api/firmware/images");
  xhr.setRequestHeader("content-type", "application/octet-stream");
  xhr.setRequestHeader("x-image-meta", encodeMeta(meta));
  if (signature) xhr.setRequestHeader("x-image-signature", signature);
  xhr.send(file);
  return { done, cancel: () => xhr.abort() };
}
