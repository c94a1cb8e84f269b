// POST /api/v1/channels/import: a text/csv body (trpc-to-openapi takes JSON bodies only).
import { importChannelsRoute } from "@/server/nbi/rest/resources/imports";

export const dynamic = "force-dynamic";

export { importChannelsRoute as POST };
