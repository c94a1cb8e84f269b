// The northbound API's reference, rendered on the server from the generated OpenAPI document: how to
// authenticate, a curl example, the error shape, then every operation grouped by tag. No scripts.
import { OperationCard } from "./operation-card";
import { operationsByTag } from "./operations";

export function ApiReference({ document, baseUrl }: { document: unknown; baseUrl: string }) {
  const groups = [...operationsByTag(document)];
  const example = `curl -H "Authorization: Bearer vtk_…" "${baseUrl}/devices?productClass=DNG&limit=10"`;
  const queue = `curl -X POST -H "Authorization: Bearer vtk_…" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: order-42" "${baseUrl}/devices/17/tasks" \\
  -d '{"name":"SetParameterValues","path":"Device.ManagementServer.PeriodicInformInterval","value":"600"}'`;
  return (
    <div className="space-y-6">
      <section aria-labelledby="api-auth" className="space-y-2 text-sm text-slate-700">
        <h2 id="api-auth" className="text-base font-semibold text-slate-900">
          Authenticating
        </h2>
        <p>
          An administrator creates an API token (Admin → API tokens) with a role: its scopes are that
          role&apos;s permissions, and the calls act as the token in the audit log. Send it on every request
          as <code className="font-mono">Authorization: Bearer vtk_…</code>. Each token has a per-minute
          budget shown in <code className="font-mono">X-RateLimit-*</code> headers; over it the answer is 429
          with <code className="font-mono">Retry-After</code>. The machine-readable document is{" "}
          <code className="font-mono">{baseUrl}/openapi.json</code> (token required).
        </p>
        <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{example}</pre>
        <p>
          Lists page by cursor: pass the answer&apos;s <code className="font-mono">nextCursor</code> as{" "}
          <code className="font-mono">cursor</code>. POSTs that queue work take an{" "}
          <code className="font-mono">Idempotency-Key</code>: a retry with the same key and body returns the
          first answer (24 h) and queues nothing.
        </p>
        <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{queue}</pre>
        <p>
          Every error has one shape:{" "}
          <code className="font-mono">
            {'{ "error": { "code", "message", "fieldErrors"?, "requestId" } }'}
          </code>{" "}
          (401 token, 403 scope, 404, 409 state, 422 input with field errors, 429 rate limit).
        </p>
      </section>
      {groups.map(([tag, ops]) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-2">
          <h2 id={`tag-${tag}`} className="text-base font-semibold capitalize text-slate-900">
            {tag.replace(/-/g, " ")}
          </h2>
          {ops.map((op) => (
            <OperationCard key={`${op.method} ${op.path}`} op={op} />
          ))}
        </section>
      ))}
    </div>
  );
}
