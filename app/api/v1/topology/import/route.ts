// POST /api/v1/topology/import: a text/csv body (trpc-to-openapi takes JSON bodies only).
import { importTopologyRoute } from "@/server/nbi/rest/resources/imports";

export const dynamic = "force-dynamic";

export { importTopologyRoute as POST };
