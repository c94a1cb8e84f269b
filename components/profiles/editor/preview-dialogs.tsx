"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { PreviewSummary } from "./preview-summary";
import type { useSaveFlow } from "./use-save-flow";

/** The preview on its own, or as the confirmation of saving an enabled profile. */
export function PreviewDialogs({ flow }: { flow: ReturnType<typeof useSaveFlow> }) {
  const body = flow.preview.isError ? (
    <p className="text-red-700">Could not preview: {flow.preview.error.message}</p>
  ) : flow.preview.data ? (
    <PreviewSummary preview={flow.preview.data} />
  ) : (
    <p>Looking at the devices this profile selects…</p>
  );
  return (
    <>
      <Dialog
        open={flow.pending?.mode === "preview"}
        onClose={flow.cancel}
        title="Preview"
        description="What saving this profile now would do."
      >
        {body}
        <div className="flex justify-end">
          <Button variant="secondary" onClick={flow.cancel} data-autofocus>
            Close
          </Button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={flow.pending?.mode === "save"}
        title="Save this enabled profile?"
        description={body}
        confirmText="Save"
        busy={flow.saving || !flow.preview.data}
        onConfirm={flow.confirm}
        onCancel={flow.cancel}
      />
    </>
  );
}
