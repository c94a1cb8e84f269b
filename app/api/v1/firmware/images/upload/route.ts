// POST /api/v1/firmware/images/upload: a streamed image body (trpc-to-openapi takes JSON bodies only).
import { uploadImageRoute } from "@/server/nbi/rest/resources/firmware-upload";

export const dynamic = "force-dynamic";

export { uploadImageRoute as POST };
