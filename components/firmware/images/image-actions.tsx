"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/trpc/react";
import { EditImageButton } from "./edit-image-dialog";
import type { ImageRow } from "./use-images";

type Asking = "publish" | "block" | "unblock" | "delete" | null;

/** Publish, block/unblock and delete, each confirmed: they change what devices may be sent. */
export function ImageActions({ image, eligible }: { image: ImageRow; eligible: number | undefined }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Asking>(null);
  const [error, setError] = useState<string | null>(null);
  const done = async () => {
    setAsking(null);
    setError(null);
    await queryClient.invalidateQueries(trpc.firmware.pathFilter());
  };
  const onError = (e: { message: string }) => {
    setAsking(null);
    setError(e.message);
  };
  const publish = useMutation(trpc.firmware.publish.mutationOptions({ onSuccess: done, onError }));
  const block = useMutation(trpc.firmware.setBlocked.mutationOptions({ onSuccess: done, onError }));
  const remove = useMutation(
    trpc.firmware.delete.mutationOptions({
      onSuccess: async () => {
        await done();
        router.push("/firmware");
      },
      onError,
    }),
  );
  const name = `${image.fileName} (${image.version})`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {image.state === "draft" ? <Button onClick={() => setAsking("publish")}>Publish</Button> : null}
      <EditImageButton image={image} />
      {image.state === "blocked" ? (
        <Button variant="secondary" onClick={() => setAsking("unblock")}>
          Unblock
        </Button>
      ) : (
        <Button variant="secondary" onClick={() => setAsking("block")}>
          Block
        </Button>
      )}
      <Button variant="secondary" className="text-red-800" onClick={() => setAsking("delete")}>
        Delete
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={asking === "publish"}
        title={`Publish ${name}?`}
        description={`It becomes available to waves, RequestDownload and the feed${
          eligible === undefined ? "" : ` for the ${eligible} eligible device${eligible === 1 ? "" : "s"}`
        }${image.releaseDate ? " from its release date" : ""}.`}
        confirmText="Publish"
        busy={publish.isPending}
        onConfirm={() => publish.mutate({ id: image.id })}
        onCancel={() => setAsking(null)}
      />
      <ConfirmDialog
        open={asking === "block" || asking === "unblock"}
        title={asking === "block" ? `Block ${name}?` : `Unblock ${name}?`}
        description={
          asking === "block"
            ? "A blocked image is never offered or sent again; downloads already queued are not recalled."
            : "The image returns to its previous state and may be offered again."
        }
        confirmText={asking === "block" ? "Block" : "Unblock"}
        danger={asking === "block"}
        busy={block.isPending}
        onConfirm={() => block.mutate({ id: image.id, blocked: asking === "block" })}
        onCancel={() => setAsking(null)}
      />
      <ConfirmDialog
        open={asking === "delete"}
        title={`Delete ${name}?`}
        description="The file and its metadata are deleted. An image a wave uses cannot be deleted."
        confirmText="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ id: image.id })}
        onCancel={() => setAsking(null)}
      />
    </div>
  );
}
