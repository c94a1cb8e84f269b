// One REST operation on the docs page: method, path, summary, scope, parameters, request and answer shapes.
import type { DocOperation } from "./operations";

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-emerald-100 text-emerald-900",
  PUT: "bg-amber-100 text-amber-900",
  PATCH: "bg-amber-100 text-amber-900",
  DELETE: "bg-rose-100 text-rose-900",
};

function Shape({ label, shape }: { label: string; shape: string | null }) {
  if (!shape) return null;
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd>
        <code className="block whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs text-slate-800">
          {shape}
        </code>
      </dd>
    </div>
  );
}

export function OperationCard({ op }: { op: DocOperation }) {
  return (
    <article
      id={op.id}
      aria-labelledby={`${op.id}-title`}
      className="space-y-2 rounded border border-slate-200 bg-white p-3"
    >
      <h3 id={`${op.id}-title`} className="flex flex-wrap items-center gap-2 text-sm">
        <span
          className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${METHOD_STYLE[op.method] ?? ""}`}
        >
          {op.method}
        </span>
        <code className="font-mono text-slate-900">{op.path}</code>
        <span className="text-slate-700">{op.summary}</span>
      </h3>
      <p className="text-xs text-slate-700">
        Scope: {op.scope ? <code className="font-mono">{op.scope}</code> : "none"}
        {op.description ? ` · ${op.description.replace(/\n+/g, " ")}` : ""}
      </p>
      {op.parameters.length > 0 ? (
        <table className="w-full text-left text-xs">
          <caption className="sr-only">
            Parameters of {op.method} {op.path}
          </caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                Parameter
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                In
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Type
              </th>
              <th scope="col" className="py-1 font-medium">
                Description
              </th>
            </tr>
          </thead>
          <tbody className="text-slate-800">
            {op.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-2 font-mono">
                  {p.name}
                  {p.required ? "" : "?"}
                </td>
                <td className="py-1 pr-2">{p.in}</td>
                <td className="break-all py-1 pr-2 font-mono">{p.type}</td>
                <td className="py-1">{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <dl className="space-y-2">
        <Shape label="Request body (JSON)" shape={op.request} />
        <Shape label="Answer" shape={op.response} />
      </dl>
    </article>
  );
}
