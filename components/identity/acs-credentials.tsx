"use client";

import { useQuery } from "@tanstack/react-query";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";

/** Which ACS credentials the device authenticates with: its own, its own on the way, or the shared ones. */
export function AcsCredentials({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const credentials = useQuery(
    trpc.identity.credentials.queryOptions({ deviceId }, { refetchInterval: 10_000 }),
  );
  if (credentials.isError) return <span className="text-slate-400">unknown</span>;
  const c = credentials.data;
  if (!c) return <>—</>;
  switch (c.state) {
    case "confirmed":
      return (
        <span data-testid="acs-credentials">
          own (confirmed <RelativeTime value={c.confirmedAt} />)
        </span>
      );
    case "pending":
      return <span data-testid="acs-credentials">being provisioned</span>;
    default:
      return <span data-testid="acs-credentials">shared</span>;
  }
}
