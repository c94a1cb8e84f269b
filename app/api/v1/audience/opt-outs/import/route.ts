// POST /api/v1/audience/opt-outs/import: a text/csv body (trpc-to-openapi takes JSON bodies only).
import { importOptOutsRoute } from "@/server/nbi/rest/resources/opt-outs";

export const dynamic = "force-dynamic";

export { importOptOutsRoute as POST };
