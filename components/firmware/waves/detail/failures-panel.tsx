"use client";

import { useWaveFailures } from "../use-waves";

const TABLE = "w-full text-left text-sm";
const TH = "border-b border-slate-200 px-2 py-1 font-medium text-slate-700";
const TD = "border-b border-slate-100 px-2 py-1 align-top";

/** Why devices failed (fault code and reason) and which models fail (failed of total). */
export function FailuresPanel({ id, running }: { id: number; running: boolean }) {
  const failures = useWaveFailures(id, running);
  if (failures.isPending) return <p className="text-sm text-slate-600">Loading failures…</p>;
  if (failures.isError)
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load failures: {failures.error.message}
      </p>
    );
  const { byReason, byModel } = failures.data;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="min-w-0 overflow-x-auto">
        {byReason.length === 0 ? (
          <p className="text-sm text-slate-600">No failures.</p>
        ) : (
          <table className={TABLE} data-testid="failures-by-reason">
            <caption className="pb-1 text-left text-sm font-medium text-slate-900">By reason</caption>
            <thead>
              <tr>
                <th scope="col" className={TH}>
                  Fault code
                </th>
                <th scope="col" className={TH}>
                  Reason
                </th>
                <th scope="col" className={`${TH} text-right`}>
                  Devices
                </th>
              </tr>
            </thead>
            <tbody>
              {byReason.map((r) => (
                <tr key={`${r.faultCode ?? ""}-${r.reason}`}>
                  <td className={TD}>{r.faultCode ?? "—"}</td>
                  <td className={`${TD} break-words`}>{r.reason}</td>
                  <td className={`${TD} text-right`}>{r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="min-w-0 overflow-x-auto">
        {byModel.length === 0 ? null : (
          <table className={TABLE} data-testid="failures-by-model">
            <caption className="pb-1 text-left text-sm font-medium text-slate-900">By model</caption>
            <thead>
              <tr>
                <th scope="col" className={TH}>
                  Model
                </th>
                <th scope="col" className={`${TH} text-right`}>
                  Failed
                </th>
                <th scope="col" className={`${TH} text-right`}>
                  Of
                </th>
              </tr>
            </thead>
            <tbody>
              {byModel.map((m) => (
                <tr key={m.modelName}>
                  <td className={TD}>{m.modelName || "unknown"}</td>
                  <td className={`${TD} text-right`}>{m.failed}</td>
                  <td className={`${TD} text-right`}>{m.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
