"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebounced } from "@/components/profiles/editor/use-debounced";
import type { DeviceFilter } from "@/lib/devices/search-query";
import { stageSizes } from "@/lib/firmware/wave-schema";
import { useTRPC } from "@/trpc/react";
import { stageName } from "../labels";
import { sizeRowSchema, stageSize } from "../wave-form";
import type { WaveForm } from "./form-types";

/** Stage sizes for the form's current canary and stages, or null while a row is not a valid size. */
function plannedSizes(form: WaveForm, eligible: number): number[] | null {
  const [canary, stages] = form.watch(["canary", "stages"]);
  const rows = [canary, ...stages].map((r) => sizeRowSchema.safeParse(r));
  if (rows.some((r) => !r.success) || stages.length === 0) return null;
  const [first, ...rest] = rows.map((r) => (r.success ? stageSize(r.data) : { count: 1 }));
  return first ? stageSizes({ canary: first, stages: rest }, eligible) : null;
}

/**
 * What the wave would touch if it started now: devices matched by the target, those the image applies
 * to (the rest with their reasons), and the stage sizes. Asked again as the image or target changes.
 */
export function WavePreview({ form, filter }: { form: WaveForm; filter: DeviceFilter | null }) {
  const trpc = useTRPC();
  const imageId = Number(form.watch("imageId"));
  const input = useDebounced({ imageId, filter }, 400);
  const ready = Number.isSafeInteger(input.imageId) && input.imageId > 0 && input.filter !== null;
  const preview = useQuery(
    trpc.waves.preview.queryOptions(
      { imageId: ready ? input.imageId : 1, filter: input.filter ?? {} },
      { enabled: ready, placeholderData: keepPreviousData },
    ),
  );
  const data = preview.data;
  const sizes = data ? (plannedSizes(form, data.eligible) ?? data.stageSizes) : [];
  return (
    <section aria-labelledby="wave-preview-heading" className="space-y-2" aria-busy={preview.isFetching}>
      <h2 id="wave-preview-heading" className="text-base font-semibold text-slate-900">
        Preview
      </h2>
      {!ready ? (
        <p className="text-sm text-slate-600">
          Choose an image and a target to see which devices the wave takes.
        </p>
      ) : preview.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not preview: {preview.error.message}
        </p>
      ) : !data ? (
        <p className="text-sm text-slate-600">Counting devices…</p>
      ) : (
        <div className="space-y-2 text-sm text-slate-800" data-testid="wave-preview">
          <p role="status">
            <strong>{data.eligible}</strong> of {data.matched} matching devices would be upgraded.
          </p>
          {data.excluded.length > 0 ? (
            <div>
              <h3 className="font-medium">Left out</h3>
              <ul className="list-disc pl-5">
                {data.excluded.map((e) => (
                  <li key={e.reason}>
                    {e.count} {e.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {sizes.length > 0 ? (
            <div>
              <h3 className="font-medium">Stages</h3>
              <ol className="flex flex-wrap gap-2">
                {sizes.map((n, i) => (
                  <li key={i} className="rounded border border-slate-200 px-2 py-0.5">
                    {stageName(i)}: {n}
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}
