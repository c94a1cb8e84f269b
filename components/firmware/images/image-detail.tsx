"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { NotFoundMessage } from "@/components/ui/not-found-message";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatBytes, modelsOf } from "./format";
import { ImageActions } from "./image-actions";
import { ImageStateBadge } from "./state-badge";
import { useEligible, useImage, type ImageRow } from "./use-images";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm [overflow-wrap:anywhere] text-slate-900">{children}</dd>
    </div>
  );
}

const list = (values: string[]) => (values.length > 0 ? values.join(", ") : "any");

function SignatureStatus({ image }: { image: ImageRow }) {
  if (!image.signed || !image.key) return <Badge tone="warning">Unsigned</Badge>;
  return (
    <span className="space-y-1">
      <Badge tone={image.key.revoked ? "warning" : "success"} dot>
        {image.key.revoked ? "Signed by a revoked key" : "Signature verified"}
      </Badge>
      <span className="block">
        {image.key.name} <code className="text-xs break-all">{image.key.fingerprint}</code>
      </span>
    </span>
  );
}

export function ImageDetail({ id, canRollout }: { id: number; canRollout: boolean }) {
  const image = useImage(id);
  const eligible = useEligible(id);
  if (image.isError)
    return image.error.data?.code === "NOT_FOUND" ? (
      <NotFoundMessage what="image" />
    ) : (
      <p role="alert" className="text-sm text-red-700">
        Could not load the image: {image.error.message}
      </p>
    );
  if (!image.data) return <p className="text-sm text-slate-600">Loading…</p>;
  const i = image.data;
  return (
    <section aria-labelledby="image-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href="/firmware" className="text-sm text-sky-800 hover:underline">
            ← Software store
          </Link>
          <h1 id="image-heading" className="text-xl font-semibold [overflow-wrap:anywhere] text-slate-900">
            {i.fileName} <span className="text-slate-600">{i.version}</span>
          </h1>
          <div className="mt-1 flex items-center gap-2">
            <ImageStateBadge state={i.state} />
            <span className="text-sm text-slate-600">{i.fileType}</span>
          </div>
        </div>
        {canRollout ? <ImageActions image={i} eligible={eligible.data?.count} /> : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <dl className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white px-4 py-2">
          <Row label="Originator">{i.originator}</Row>
          <Row label="Models">{modelsOf(i)}</Row>
          <Row label="OUIs">{list(i.ouis)}</Row>
          <Row label="Hardware versions">{list(i.hardwareVersions)}</Row>
          <Row label="Upgrade from">{list(i.fromVersions)}</Row>
          {i.duUuid ? <Row label="Deployment unit">{i.duUuid}</Row> : null}
          <Row label="Size">{formatBytes(i.size)}</Row>
          <Row label="SHA-256">
            <code className="text-xs">{i.sha256}</code>
          </Row>
          <Row label="MD5">
            <code className="text-xs">{i.md5}</code>
          </Row>
          <Row label="Signature">
            <SignatureStatus image={i} />
          </Row>
          <Row label="Release date">
            <RelativeTime value={i.releaseDate} never="at once when published" />
          </Row>
          <Row label="Published">
            <RelativeTime value={i.publishedAt} never="not yet" />
          </Row>
          <Row label="Uploaded">
            <RelativeTime value={i.createdAt} /> by {i.createdBy}
          </Row>
          <Row label="Served">
            {i.downloads} downloads, {formatBytes(i.bytesServed)}
          </Row>
        </dl>
        <div className="space-y-4">
          <section aria-labelledby="notes-heading">
            <h2 id="notes-heading" className="text-base font-semibold text-slate-900">
              Release notes
            </h2>
            <p className="text-sm whitespace-pre-wrap text-slate-700">{i.releaseNotes || "None."}</p>
          </section>
          <EligibleDevices id={id} />
        </div>
      </div>
    </section>
  );
}

function EligibleDevices({ id }: { id: number }) {
  const eligible = useEligible(id);
  return (
    <section aria-labelledby="eligible-heading">
      <h2 id="eligible-heading" className="text-base font-semibold text-slate-900">
        Eligible devices{eligible.data ? `: ${eligible.data.count}` : ""}
      </h2>
      {eligible.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {eligible.error.message}
        </p>
      ) : null}
      <ul className="divide-y divide-slate-100 text-sm">
        {(eligible.data?.devices ?? []).map((d) => (
          <li key={d.id} className="flex justify-between gap-2 py-1">
            <Link href={`/devices/${d.id}`} className="text-sky-800 hover:underline">
              {d.serialNumber}
            </Link>
            <span className="text-slate-600">
              {d.productClass} · {d.softwareVersion || "unknown version"}
            </span>
          </li>
        ))}
      </ul>
      {eligible.data && eligible.data.count > eligible.data.devices.length ? (
        <p className="text-xs text-slate-600">First {eligible.data.devices.length} shown.</p>
      ) : null}
    </section>
  );
}
