"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { AppUnit, StoreApp } from "./types";

/** The store's applications for this device: install, or update one already installed. */
export function InstallDialog({
  open,
  onClose,
  available,
  installed,
  onInstall,
  busy,
}: {
  open: boolean;
  onClose: () => void;
  available: StoreApp[];
  installed: AppUnit[];
  onInstall: (imageId: number) => void;
  busy: boolean;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Install an app"
      description="Published applications from the store that apply to this device. The device downloads and installs it without a reboot."
    >
      {available.length === 0 ? (
        <p className="text-sm text-slate-600">No published application applies to this device.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Store applications">
          {available.map((a) => {
            const current = installed.find((u) => u.uuid.toLowerCase() === a.duUuid.toLowerCase());
            const same = current?.version === a.version;
            return (
              <li key={a.id} className="flex flex-wrap items-center gap-2 py-2">
                <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{a.fileName}</span>
                <span className="text-slate-600">version {a.version}</span>
                <span className="text-xs text-slate-500">{a.originator}</span>
                {current ? (
                  <span className="text-xs text-slate-600">installed: {current.version}</span>
                ) : null}
                <Button
                  className="ml-auto"
                  variant="secondary"
                  disabled={busy || same}
                  aria-label={`${current ? "Update to" : "Install"} ${a.fileName} ${a.version}`}
                  onClick={() => onInstall(a.id)}
                >
                  {same ? "Installed" : current ? "Update" : "Install"}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
