"use client";

import Link from "next/link";
import { useState } from "react";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Input, Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { STANDARD_FILE_TYPES } from "@/lib/firmware/file-types";
import { formatBytes, modelsOf } from "./format";
import { ImageStateBadge } from "./state-badge";
import { useImageList, type ImageRow, type ImageState } from "./use-images";

const COLUMNS: DataColumn<ImageRow>[] = [
  {
    id: "file",
    header: "File",
    hideable: false,
    rowHeader: true,
    className: "max-w-xs whitespace-normal break-all",
    sortValue: (i) => i.fileName,
    cell: (i) => (
      <Link href={`/firmware/${i.id}`} className="font-medium text-sky-800 hover:underline">
        {i.fileName}
      </Link>
    ),
  },
  { id: "version", header: "Version", sortValue: (i) => i.version, cell: (i) => i.version },
  { id: "type", header: "Type", sortValue: (i) => i.fileType, cell: (i) => i.fileType },
  { id: "models", header: "Models", className: "max-w-xs whitespace-normal", cell: (i) => modelsOf(i) },
  {
    id: "state",
    header: "State",
    sortValue: (i) => i.state,
    cell: (i) => <ImageStateBadge state={i.state} />,
  },
  { id: "size", header: "Size", sortValue: (i) => i.size, cell: (i) => formatBytes(i.size) },
  {
    id: "sha256",
    header: "SHA-256",
    cell: (i) => (
      <code title={i.sha256} className="text-xs">
        {i.sha256.slice(0, 12)}…
      </code>
    ),
  },
  {
    id: "served",
    header: "Downloads",
    sortValue: (i) => i.downloads,
    cell: (i) => (
      <>
        {i.downloads}
        <div className="text-xs text-slate-600">{formatBytes(i.bytesServed)} served</div>
      </>
    ),
  },
  {
    id: "released",
    header: "Released",
    sortValue: (i) => i.releaseDate ?? i.publishedAt,
    cell: (i) => <RelativeTime value={i.releaseDate ?? i.publishedAt} never="not yet" />,
  },
];

export function ImagesTable() {
  const [text, setText] = useState("");
  const [state, setState] = useState<ImageState | "">("");
  const [fileType, setFileType] = useState("");
  const list = useImageList({
    text: text.trim() || undefined,
    state: state || undefined,
    fileType: fileType || undefined,
  });
  const toolbar = (
    <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter images">
      <Input
        aria-label="Search file, version, originator"
        placeholder="File, version, originator, sha256…"
        className="w-64"
        value={text}
        maxLength={128}
        onChange={(e) => setText(e.target.value)}
      />
      <Select
        aria-label="State"
        className="w-36"
        value={state}
        onChange={(e) => setState(e.target.value as ImageState | "")}
      >
        <option value="">Any state</option>
        <option value="draft">Draft</option>
        <option value="published">Published</option>
        <option value="blocked">Blocked</option>
      </Select>
      <Select
        aria-label="File type"
        className="w-56"
        value={fileType}
        onChange={(e) => setFileType(e.target.value)}
      >
        <option value="">Any file type</option>
        {STANDARD_FILE_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </Select>
    </div>
  );
  return (
    <DataTable
      label="Images"
      persistKey="firmware-images"
      columns={COLUMNS}
      rows={list.data}
      getRowId={(i) => String(i.id)}
      rowHref={(i) => `/firmware/${i.id}`}
      rowTestId={(i) => `image-${i.id}`}
      loading={list.isPending}
      busy={list.isFetching}
      error={list.isError ? `Could not load images: ${list.error.message}` : undefined}
      empty="No images in the store"
      toolbar={toolbar}
    />
  );
}
