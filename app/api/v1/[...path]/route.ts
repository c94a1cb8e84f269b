// The northbound REST API (/api/v1/*): token-authenticated, described by /api/v1/openapi.json.
import { handleApiRequest } from "@/server/nbi/rest/handler";

export const dynamic = "force-dynamic";

function handler(req: Request): Promise<Response> {
  return handleApiRequest(req);
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
