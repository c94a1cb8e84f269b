// REST image upload: the file's bytes as an application/octet-stream body, streamed into the store by
// the console's ingest (never buffered; cut off past FIRMWARE_MAX_BYTES, partial file deleted), with
// the console's headers: X-Image-Meta (base64url JSON metadata), X-Image-Signature (base64, optional).
// firmware.rollout. 201 with the new draft image's id; publish it with POST /firmware/images/{id}/publish.
import "server-only";
import { ImageRefusedError, ImageTooLargeError } from "../../../firmware/images/errors";
import { ingestImage } from "../../../firmware/images/ingest";
import {
  declaredLength,
  readMetaHeader,
  readSignatureHeader,
  webChunks,
} from "../../../firmware/images/upload-request";
import { API_BASE_PATH } from "../openapi";
import { mediaType, rawApiCall, RawRefusal } from "./raw-route";

export const IMAGE_UPLOAD_API_PATH = `${API_BASE_PATH}/firmware/images/upload`;

/** POST /api/v1/firmware/images/upload */
export function uploadImageRoute(req: Request): Promise<Response> {
  return rawApiCall(req, "firmware.rollout", async (principal) => {
    if (mediaType(req) !== "application/octet-stream") {
      throw new RawRefusal({
        status: 415,
        code: "bad_request",
        message: "Send the image as application/octet-stream",
      });
    }
    if (!req.body)
      throw new RawRefusal({ status: 422, code: "unprocessable", message: "The request has no body" });
    try {
      const image = await ingestImage(webChunks(req.body), {
        meta: readMetaHeader(req.headers),
        signature: readSignatureHeader(req.headers),
        declaredSize: declaredLength(req.headers),
        actor: principal.actor,
      });
      return {
        status: 201,
        body: { id: image.id },
        headers: { Location: `${API_BASE_PATH}/firmware/images/${image.id}` },
      };
    } catch (error) {
      if (error instanceof ImageTooLargeError)
        throw new RawRefusal({ status: 413, code: "bad_request", message: error.message });
      if (error instanceof ImageRefusedError)
        throw new RawRefusal({ status: 422, code: "unprocessable", message: error.message });
      throw error;
    }
  });
}
