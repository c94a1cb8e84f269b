// The OpenAPI description of the raw-body routes (firmware-upload.ts, imports.ts), written by hand: they
// are not tRPC procedures, so the generator does not see them. Merged into the document by openapi.ts,
// which adds the shared error responses.
import type { OpenAPIObject } from "trpc-to-openapi";

type Paths = NonNullable<OpenAPIObject["paths"]>;

const importResult = {
  type: "object",
  properties: {
    imported: { type: "integer", description: "rows stored" },
    skipped: { type: "integer", description: "rows refused (see problems)" },
    problems: {
      type: "array",
      description: "the first refused rows with their line number",
      items: {
        type: "object",
        properties: { line: { type: "integer" }, message: { type: "string" } },
        required: ["line", "message"],
      },
    },
  },
  required: ["imported", "skipped", "problems"],
};

function csvImport(
  what: string,
  columns: string,
  operationId: string,
  scope = "alarms.write",
  tag = "topology",
  maxSize = "32 MiB",
): Paths[string] {
  return {
    post: {
      operationId,
      summary: `Import the ${what} from a CSV file`,
      description:
        `The file as a text/csv body (at most ${maxSize}), header ${columns}. Bad rows are reported by line, ` +
        "good ones stored (one audit row). 415 for another media type, 413 over the size.\n\n" +
        `Requires the scope \`${scope}\`.`,
      tags: [tag],
      security: [{ bearer: [] }],
      "x-required-scope": scope,
      requestBody: { required: true, content: { "text/csv": { schema: { type: "string" } } } },
      responses: {
        "200": {
          description: "The import's outcome",
          content: { "application/json": { schema: importResult } },
        },
      },
    },
  };
}

export const RAW_API_PATHS: Paths = {
  "/firmware/images/upload": {
    post: {
      operationId: "firmware-upload",
      summary: "Upload an image into the software store (a draft until published)",
      description:
        "The file's bytes as an application/octet-stream body, streamed to disk (at most FIRMWARE_MAX_BYTES: " +
        "413 past it). X-Image-Meta: base64url of the JSON metadata {fileName, fileType, version, originator, " +
        "ouis?, productClasses?, hardwareVersions?, fromVersions?, releaseNotes?, releaseDate?, duUuid?}. " +
        "X-Image-Signature: the detached signature, base64 (required unless the store accepts unsigned " +
        "images; 422 when unsigned or not made by a trusted key).\n\nRequires the scope `firmware.rollout`.",
      tags: ["firmware"],
      security: [{ bearer: [] }],
      "x-required-scope": "firmware.rollout",
      parameters: [
        { in: "header", name: "X-Image-Meta", required: true, schema: { type: "string" } },
        { in: "header", name: "X-Image-Signature", required: false, schema: { type: "string" } },
      ],
      requestBody: {
        required: true,
        content: {
          "application/octet-stream": {
            schema: { type: "string", contentMediaType: "application/octet-stream" },
          },
        },
      },
      responses: {
        "201": {
          description: "Stored as a draft",
          headers: { Location: { description: "the image's URL", schema: { type: "string" } } },
          content: {
            "application/json": {
              schema: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
            },
          },
        },
      },
    },
  },
  "/topology/import": csvImport(
    "topology (where each household sits)",
    "household,access_node,access_port,region,access_kind[,segment]",
    "topology-import",
  ),
  "/channels/import": csvImport(
    "channel line-up",
    "number,name,multicast_group,uri,headend,insertion_points",
    "channels-import",
  ),
  "/audience/opt-outs/import": csvImport(
    "audience opt-outs (recording one deletes the household's stored viewing sessions)",
    "household[,note]",
    "audience-opt-outs-import",
    "audience.optout",
    "audience",
    "4 MiB",
  ),
};
