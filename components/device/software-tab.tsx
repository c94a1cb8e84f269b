"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { UPLOAD_FILE_TYPES } from "@/lib/firmware/file-types";
import { useTRPC } from "@/trpc/react";
import { AppsPanel } from "./apps-panel";
import { FirmwarePanel } from "./firmware-panel";
import { usePermissions, useRefreshDevice } from "./use-device";

/** What the device asked for (RequestDownload) and what the ACS's policy answered, with the reason. */
function RequestDownloadDecisions({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const decisions = useQuery(trpc.delivery.requestDownloadDecisions.queryOptions({ deviceId }));
  if (!decisions.data?.length) return null;
  return (
    <section aria-labelledby="rd-heading" className="space-y-2">
      <h3 id="rd-heading" className="text-sm font-semibold text-slate-900">
        Downloads the device asked for
      </h3>
      <ul className="divide-y divide-slate-100 text-sm">
        {decisions.data.slice(0, 10).map((d) => (
          <li key={d.id} className="flex flex-wrap items-center gap-2 py-1.5">
            <Badge tone={d.decision === "granted" ? "success" : "warning"}>
              {d.decision === "granted" ? "Granted" : "Refused"}
            </Badge>
            <span className="text-slate-600">{d.fileType || "(no type)"}</span>
            <span className="text-slate-800">{d.reason}</span>
            {d.taskId ? <span className="text-xs text-slate-500">task #{d.taskId}</span> : null}
            <span className="ml-auto text-xs text-slate-500">
              <RelativeTime value={d.at} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Configuration backups and logs: ask the device for one, download the ones it sent. */
function DeviceFiles({ deviceId, canAsk, canRead }: { deviceId: number; canAsk: boolean; canRead: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefreshDevice();
  const [fileType, setFileType] = useState<(typeof UPLOAD_FILE_TYPES)[number]>(UPLOAD_FILE_TYPES[0]);
  const files = useQuery(trpc.delivery.files.queryOptions({ deviceId }, { enabled: canRead }));
  const ask = useMutation(
    trpc.delivery.requestUpload.mutationOptions({
      onSuccess: () => {
        refresh();
        void queryClient.invalidateQueries(trpc.delivery.pathFilter());
      },
    }),
  );
  if (!canAsk && !canRead) return null;
  return (
    <section aria-labelledby="files-heading" className="space-y-2">
      <h3 id="files-heading" className="text-sm font-semibold text-slate-900">
        Files from the device
      </h3>
      {canAsk ? (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="upload-type" className="sr-only">
            File to ask for
          </label>
          <Select
            id="upload-type"
            value={fileType}
            onChange={(e) => setFileType(e.target.value as typeof fileType)}
            className="h-9 w-auto"
          >
            {UPLOAD_FILE_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
          <Button
            variant="secondary"
            disabled={ask.isPending}
            onClick={() => ask.mutate({ deviceId, fileType })}
          >
            Ask for config/log upload
          </Button>
          {ask.isSuccess ? (
            <span role="status" className="text-sm text-slate-600">
              Upload queued (task #{ask.data.taskId})
            </span>
          ) : null}
          {ask.error ? (
            <span role="alert" className="text-sm text-red-700">
              {ask.error.message}
            </span>
          ) : null}
        </div>
      ) : null}
      {canRead && files.data?.length ? (
        <ul className="divide-y divide-slate-100 text-sm">
          {files.data.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center gap-2 py-1.5">
              <a href={`/api/device-files/${f.id}`} className="font-medium text-sky-800 underline" download>
                {f.fileName}
              </a>
              <span className="text-slate-600">{f.fileType}</span>
              <span className="text-xs text-slate-500">{f.size.toLocaleString()} bytes</span>
              <span className="ml-auto text-xs text-slate-500">
                <RelativeTime value={f.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      ) : canRead ? (
        <p className="text-sm text-slate-600">{files.isLoading ? "Loading…" : "No files uploaded yet."}</p>
      ) : null}
    </section>
  );
}

/** The device page's Software tab: firmware transfers, RequestDownload decisions, files, applications. */
export function SoftwareTab({
  deviceId,
  softwareVersion,
  online,
}: {
  deviceId: number;
  softwareVersion: string;
  online: boolean;
}) {
  const allowed = usePermissions();
  return (
    <div className="space-y-6">
      <FirmwarePanel
        deviceId={deviceId}
        softwareVersion={softwareVersion}
        canSend={allowed("firmware.rollout")}
      />
      <RequestDownloadDecisions deviceId={deviceId} />
      <DeviceFiles deviceId={deviceId} canAsk={allowed("devices.write")} canRead={allowed("devices.files")} />
      <AppsPanel deviceId={deviceId} online={online} canWrite={allowed("firmware.rollout")} />
    </div>
  );
}
