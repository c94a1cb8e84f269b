// REST topology and channel line-up imports: the CSV file as a text/csv body (as exported by the
// inventory or the headend), the console's importers, the same imported / skipped / problems answer.
// alarms.write, as in the console (both change what dashboards and alarms attribute to a region).
import "server-only";
import { importLineup } from "../../../monitoring/channels/import";
import { importTopology, MAX_IMPORT_BYTES } from "../../../monitoring/topology/import";
import type { Permission } from "../../../../lib/permissions";
import type { Actor } from "../../../core/actor";
import { findUnstorableString } from "../../../core/request-safety";
import { readCapped } from "../body";
import { mediaType, rawApiCall, RawRefusal } from "./raw-route";

const CSV_TYPES = new Set(["text/csv", "text/plain"]);

type Importer = (csv: string, actor: Actor) => ReturnType<typeof importTopology>;

/** A POST route taking a text/csv body (at most maxBytes) for `importer`, under `permission`. */
export function csvImportRoute(
  importer: Importer,
  permission: Permission = "alarms.write",
  maxBytes: number = MAX_IMPORT_BYTES,
) {
  return (req: Request): Promise<Response> =>
    rawApiCall(req, permission, async (principal) => {
      if (!CSV_TYPES.has(mediaType(req))) {
        throw new RawRefusal({ status: 415, code: "bad_request", message: "Send the file as text/csv" });
      }
      const csv = await readCapped(req, maxBytes);
      if (csv === null) {
        throw new RawRefusal({
          status: 413,
          code: "bad_request",
          message: `The file is larger than ${maxBytes} bytes: split it`,
        });
      }
      if (findUnstorableString(csv)) {
        throw new RawRefusal({
          status: 422,
          code: "unprocessable",
          message: "The file holds a NUL character (not a text file)",
        });
      }
      if (csv.trim() === "") {
        throw new RawRefusal({ status: 422, code: "unprocessable", message: "The file is empty" });
      }
      return { status: 200, body: await importer(csv, principal.actor) };
    });
}

/** POST /api/v1/topology/import */
export const importTopologyRoute = csvImportRoute(importTopology);
/** POST /api/v1/channels/import */
export const importChannelsRoute = csvImportRoute(importLineup);
