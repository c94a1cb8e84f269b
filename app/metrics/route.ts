// Prometheus scrape endpoint on the console port (server/observability/endpoint.ts).
import { metricsResponse } from "@/server/observability/endpoint";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return metricsResponse(request);
}
