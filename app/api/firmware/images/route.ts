// Image upload from the console: the raw file bytes as the body (streamed to disk, never buffered),
// the metadata in x-image-meta (base64url JSON), the detached signature in x-image-signature (base64).
// Signed-in operator with firmware.rollout, same origin. Answers {id} (201) or {error}.
import type { NextRequest } from "next/server";
import { hasPermission } from "@/lib/permissions";
import { getCurrentOperator } from "@/server/auth/session";
import { AppError } from "@/server/core/app-error";
import { ImageRefusedError, ImageTooLargeError } from "@/server/firmware/images/errors";
import { ingestImage } from "@/server/firmware/images/ingest";
import {
  declaredLength,
  isSameOrigin,
  readMetaHeader,
  readSignatureHeader,
  webChunks,
} from "@/server/firmware/images/upload-request";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

const log = logger("firmware-upload");

function answer(status: number, body: object): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export async function POST(req: NextRequest): Promise<Response> {
  const { operator } = await getCurrentOperator();
  if (!operator) return answer(401, { error: "Sign in to continue" });
  if (!isSameOrigin(req.headers)) return answer(403, { error: "Uploads are accepted from the console only" });
  if (!hasPermission(operator.role, "firmware.rollout"))
    return answer(403, { error: `Your role (${operator.role}) lacks firmware.rollout` });
  if (!req.body) return answer(400, { error: "The request has no body: send the file's bytes" });
  try {
    const image = await ingestImage(webChunks(req.body), {
      meta: readMetaHeader(req.headers),
      signature: readSignatureHeader(req.headers),
      declaredSize: declaredLength(req.headers),
      actor: operator,
    });
    return answer(201, { id: image.id });
  } catch (error) {
    if (error instanceof ImageTooLargeError) return answer(413, { error: error.message });
    if (error instanceof ImageRefusedError) return answer(422, { error: error.message });
    if (error instanceof AppError)
      return answer(error.code === "invalid_input" ? 400 : 409, { error: error.message });
    // A client that went away gets no answer anyway; anything else is ours, logged, not shown.
    log.error({ err: error }, "image upload failed");
    return answer(500, { error: "The upload failed on the server; the log has the details" });
  }
}
