"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { imageMetaSchema, type ImageMetaInput } from "@/lib/firmware/image-schema";
import { useTRPC } from "@/trpc/react";
import { formatBytes } from "./format";
import { signatureHeaderValue, uploadImage } from "./upload-request";
import { UploadFields } from "./upload-fields";

const DEFAULTS: ImageMetaInput = {
  fileName: "",
  fileType: "1 Firmware Upgrade Image",
  version: "",
  originator: "",
  ouis: "",
  productClasses: "",
  hardwareVersions: "",
  fromVersions: "",
  releaseNotes: "",
  releaseDate: "",
  duUuid: "",
};

type Phase = { name: "form" } | { name: "uploading" } | { name: "done"; id: number };

/** "Upload image": metadata, the file and its detached signature, then a real progress bar with Cancel. */
export function UploadImageButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Upload image</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Upload image" size="lg">
        <UploadForm onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function UploadForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(imageMetaSchema, { defaultValues: DEFAULTS });
  const [file, setFile] = useState<File | null>(null);
  const [signatureFile, setSignatureFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState(0);
  const [phase, setPhase] = useState<Phase>({ name: "form" });
  const cancel = useRef<(() => void) | null>(null);

  function pickFile(picked: File | null) {
    setFile(picked);
    setFileError(undefined);
    if (picked && !form.getValues("fileName"))
      form.setValue("fileName", picked.name, { shouldValidate: true });
  }

  const submit = form.handleSubmit(async () => {
    if (!file) {
      setFileError("Choose the image file");
      return;
    }
    setError(undefined);
    // The raw form values go to the server, which parses them with the same schema; the date becomes
    // an instant in the browser's zone (datetime-local has none).
    const raw = form.getValues();
    const when = typeof raw.releaseDate === "string" && raw.releaseDate ? new Date(raw.releaseDate) : null;
    const meta = { ...raw, releaseDate: when ? when.toISOString() : "" };
    const signature = signatureFile
      ? signatureHeaderValue(new Uint8Array(await signatureFile.arrayBuffer()))
      : null;
    setProgress(0);
    setPhase({ name: "uploading" });
    const upload = uploadImage(file, meta, signature, setProgress);
    cancel.current = upload.cancel;
    const result = await upload.done;
    cancel.current = null;
    if (result.ok && result.id !== undefined) {
      setPhase({ name: "done", id: result.id });
      await queryClient.invalidateQueries(trpc.firmware.pathFilter());
    } else {
      setPhase({ name: "form" });
      setError(result.error);
    }
  });

  const percent = Math.round(progress * 100);
  const busy = phase.name === "uploading";
  return (
    <Form aria-label="Upload image" onSubmit={(e) => void submit(e)} error={error} className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="image-file"
          label="Image file"
          error={fileError}
          hint={file ? formatBytes(file.size) : undefined}
        >
          <Input
            type="file"
            disabled={busy || phase.name === "done"}
            onChange={(e) => pickFile(e.target.files?.[0] ?? null)}
          />
        </Field>
        <Field
          id="image-signature"
          label="Signature file"
          hint="Detached signature (base64 or raw), from scripts/sign-image.ts or openssl"
        >
          <Input
            type="file"
            disabled={busy || phase.name === "done"}
            onChange={(e) => setSignatureFile(e.target.files?.[0] ?? null)}
          />
        </Field>
      </div>
      <UploadFields form={form} disabled={busy || phase.name === "done"} />
      {phase.name !== "form" ? (
        <div className="space-y-1">
          <div className="flex justify-between text-sm text-slate-700">
            <span id="upload-progress-label">{phase.name === "done" ? "Uploaded" : "Uploading…"}</span>
            <span data-testid="upload-percent">{percent} %</span>
          </div>
          <div
            role="progressbar"
            aria-labelledby="upload-progress-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-2 w-full overflow-hidden rounded bg-slate-200"
          >
            <div className="h-full bg-sky-700 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-2">
        {phase.name === "done" ? (
          <>
            <Link href={`/firmware/${phase.id}`} className="text-sm font-medium text-sky-800 hover:underline">
              Open the image
            </Link>
            <Button onClick={onClose}>Close</Button>
          </>
        ) : busy ? (
          <Button variant="secondary" onClick={() => cancel.current?.()}>
            Cancel upload
          </Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Upload</Button>
          </>
        )}
      </div>
    </Form>
  );
}
