"use client";

import type { ReactNode } from "react";
import { ConfirmButton } from "@/components/device/confirm-button";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DataColumn } from "@/components/ui/data-table";
import type { AppUnit, StoreApp } from "./types";

const EU_TONE: Record<string, BadgeTone> = {
  Active: "success",
  Idle: "neutral",
  Starting: "info",
  Stopping: "info",
};
const DU_TONE: Record<string, BadgeTone> = { Installed: "success", Uninstalled: "neutral" };

/** Update to a newer store version, start/stop each execution unit, uninstall (confirmed). */
export function UnitActions({
  unit,
  update,
  canRollout,
  canRun,
  busy,
  onUpdate,
  onUninstall,
  onRun,
}: {
  unit: AppUnit;
  update: StoreApp | undefined;
  canRollout: boolean;
  canRun: boolean;
  busy: boolean;
  onUpdate: (imageId: number) => void;
  onUninstall: () => void;
  onRun: (path: string, running: boolean) => void;
}) {
  return (
    <div className="flex flex-wrap gap-1">
      {canRollout && update ? (
        <Button
          variant="ghost"
          className="h-6 px-2 py-0 text-xs"
          disabled={busy}
          aria-label={`Update ${unit.name} to ${update.version}`}
          onClick={() => onUpdate(update.id)}
        >
          Update to {update.version}
        </Button>
      ) : null}
      {canRun
        ? unit.executionUnits.map((eu) => {
            const running = eu.status === "Active" || eu.status === "Starting";
            return (
              <Button
                key={eu.path}
                variant="ghost"
                className="h-6 px-2 py-0 text-xs"
                disabled={busy}
                aria-label={`${running ? "Stop" : "Start"} ${eu.name || eu.path}`}
                onClick={() => onRun(eu.path, !running)}
              >
                {running ? "Stop" : "Start"}
              </Button>
            );
          })
        : null}
      {canRollout ? (
        <ConfirmButton
          label={`Uninstall ${unit.name}`}
          title={`Uninstall ${unit.name}?`}
          description={`The device removes ${unit.name} ${unit.version} and its execution units. Reinstalling needs the app in the store.`}
          confirmText="Uninstall"
          disabled={busy}
          small
          onConfirm={onUninstall}
        >
          Uninstall
        </ConfirmButton>
      ) : null}
    </div>
  );
}

export function unitColumns(actions: (u: AppUnit) => ReactNode, withActions: boolean): DataColumn<AppUnit>[] {
  const list: DataColumn<AppUnit>[] = [
    {
      id: "name",
      header: "App",
      rowHeader: true,
      hideable: false,
      cell: (u) => (
        <div className="min-w-32">
          <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{u.name || u.duid}</span>
          <span className="block font-mono text-xs text-slate-500">{u.uuid}</span>
        </div>
      ),
      sortValue: (u) => u.name,
      className: "whitespace-normal",
    },
    { id: "version", header: "Version", cell: (u) => u.version, sortValue: (u) => u.version },
    {
      id: "status",
      header: "Status",
      cell: (u) => <Badge tone={DU_TONE[u.status] ?? "warning"}>{u.status || "unknown"}</Badge>,
      sortValue: (u) => u.status,
    },
    {
      id: "vendor",
      header: "Vendor",
      cell: (u) => u.vendor,
      sortValue: (u) => u.vendor,
      defaultHidden: false,
    },
    {
      id: "eus",
      header: "Execution units",
      cell: (u) => (
        <ul className="space-y-0.5 text-xs">
          {u.executionUnits.map((eu) => (
            <li key={eu.path} className="flex flex-wrap items-center gap-1">
              <Badge tone={EU_TONE[eu.status] ?? "warning"} dot>
                {eu.status || "unknown"}
              </Badge>
              <span className="text-slate-700">{eu.name || eu.euid}</span>
              {eu.requestedState ? (
                <span className="text-slate-500">requested {eu.requestedState}</span>
              ) : null}
              {eu.faultCode && eu.faultCode !== "NoFault" ? (
                <span className="text-red-700">{eu.faultCode}</span>
              ) : null}
            </li>
          ))}
          {u.executionUnits.length === 0 ? <li className="text-slate-500">none</li> : null}
        </ul>
      ),
      className: "whitespace-normal",
    },
  ];
  if (!withActions) return list;
  return [...list, { id: "actions", header: "Actions", hideable: false, cell: actions }];
}
