// GET /metrics: the registry in Prometheus text format. Open by default (bind the console behind a
// firewall or reverse proxy that keeps /metrics internal); with METRICS_REQUIRE_TOKEN an API token
// whose scopes include monitoring.read is required, checked exactly as the REST API checks it.
import "server-only";
import { settings } from "../env";
import { authenticateApiRequest } from "../nbi/tokens/authenticate";
import { metrics } from "./metrics";
import { requestIdFrom } from "./request-id";

const NO_STORE = { "Cache-Control": "no-store" };

export async function metricsResponse(request: Request): Promise<Response> {
  const requestId = requestIdFrom(request.headers);
  if (settings().METRICS_REQUIRE_TOKEN) {
    const auth = await authenticateApiRequest(request.headers.get("authorization"));
    if (!auth.ok) {
      const headers: Record<string, string> = { "WWW-Authenticate": "Bearer" };
      if (auth.status === 429) headers["Retry-After"] = String(auth.retryAfterSeconds);
      const code = auth.status === 429 ? "rate_limited" : "unauthorized";
      return refusal(auth.status, { code, message: auth.message, requestId }, headers);
    }
    if (!auth.principal.permissions.includes("monitoring.read")) {
      const message = "The token's scopes do not include monitoring.read";
      return refusal(403, { code: "forbidden", message, requestId }, {});
    }
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    status: 200,
    headers: { ...NO_STORE, "Content-Type": registry.contentType, "X-Request-Id": requestId },
  });
}

/** The REST API's error shape ({ error: { code, message, requestId } }), so one client parses both. */
function refusal(
  status: number,
  error: { code: string; message: string; requestId: string },
  headers: Record<string, string>,
): Response {
  return Response.json(
    { error },
    { status, headers: { ...NO_STORE, ...headers, "X-Request-Id": error.requestId } },
  );
}
