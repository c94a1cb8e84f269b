"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "./confirm-button";
import { usePermissions } from "./use-device";

/**
 * The household's audience-measurement state and the opt-out (audience.optout: the help desk takes
 * the subscriber's call). Opting out deletes what the audience store holds for the household.
 */
export function AudienceOptOut({ deviceId }: { deviceId: number }) {
  const can = usePermissions();
  if (!can("audience.optout")) return null;
  return <AudienceOptOutPanel deviceId={deviceId} />;
}

function AudienceOptOutPanel({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.audience.deviceOptOut.queryOptions({ id: deviceId }));
  const refresh = { onSuccess: () => queryClient.invalidateQueries(trpc.audience.pathFilter()) };
  const optOut = useMutation(trpc.audience.optOut.mutationOptions(refresh));
  const withdraw = useMutation(trpc.audience.withdrawOptOut.mutationOptions(refresh));
  const s = state.data;
  const error = state.error ?? optOut.error ?? withdraw.error;
  return (
    <section
      aria-labelledby="audience-optout-heading"
      data-testid="audience-optout"
      className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm shadow-xs"
    >
      <div className="min-w-0">
        <h2 id="audience-optout-heading" className="inline font-medium text-slate-800">
          Audience measurement:
        </h2>{" "}
        {!s ? (
          <span className="text-slate-500">{state.isError ? "unknown" : "…"}</span>
        ) : s.optedOut ? (
          <span data-testid="audience-optout-state">
            opted out
            {s.optedOutAt ? (
              <>
                {" "}
                (<RelativeTime value={new Date(s.optedOutAt)} />)
              </>
            ) : null}
          </span>
        ) : (
          <span data-testid="audience-optout-state">measured</span>
        )}
        {s ? (
          <span className="ml-1 text-xs text-slate-500">
            household <span className="font-mono break-all">{s.household}</span>
          </span>
        ) : null}
        {optOut.data && s?.optedOut ? (
          <p className="text-xs text-slate-600" data-testid="audience-optout-deleted">
            {optOut.data.deleted} stored viewing session{optOut.data.deleted === 1 ? "" : "s"} deleted.
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="text-red-700">
            {error.message}
          </p>
        ) : null}
      </div>
      {s && !s.optedOut ? (
        <ConfirmButton
          label="Opt out of audience measurement"
          title="Opt this household out of audience measurement?"
          description={`Everything the audience store holds for household ${s.household} is deleted now, and its viewing is no longer collected.`}
          confirmText="Opt out"
          disabled={optOut.isPending}
          onConfirm={() => optOut.mutate({ household: s.household, note: `device ${deviceId}` })}
        >
          Opt out
        </ConfirmButton>
      ) : null}
      {s?.optedOut ? (
        <ConfirmButton
          label="Withdraw the audience opt-out"
          title="Measure this household again?"
          description={`Household ${s.household} will be measured again from now on. Nothing deleted is restored.`}
          confirmText="Withdraw opt-out"
          danger={false}
          disabled={withdraw.isPending}
          onConfirm={() => withdraw.mutate({ household: s.household })}
        >
          Withdraw opt-out
        </ConfirmButton>
      ) : null}
    </section>
  );
}
