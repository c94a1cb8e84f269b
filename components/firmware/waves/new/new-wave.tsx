"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { targetFilter } from "../target";
import {
  browserTimeZone,
  createInput,
  defaultWaveForm,
  waveFormSchema,
  type WaveFormValues,
} from "../wave-form";
import { CriteriaFields } from "./criteria-fields";
import { DeliveryField } from "./delivery-field";
import { LEGEND, SECTION } from "./form-types";
import { ImageFields } from "./image-fields";
import { PacingFields } from "./pacing-fields";
import { QoeGateFields } from "./qoe-gate-fields";
import { StageRows } from "./stage-rows";
import { TargetFields } from "./target-fields";
import { WavePreview } from "./wave-preview";

/**
 * A new wave: image, target, stages, pacing and success criteria, with a live preview of the devices
 * it takes. "Save draft" keeps it to start later; "Start wave" starts it at once. Both open its page.
 * `searchQuery` is the device list's query string the page was opened with ("" when none).
 */
export function NewWave({ searchQuery }: { searchQuery: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const hasSearch = searchQuery.length > 0;
  const form = useZodForm(waveFormSchema, {
    defaultValues: defaultWaveForm(browserTimeZone(), hasSearch ? "search" : "saved"),
  });
  const images = useQuery(trpc.waves.images.queryOptions({}));
  const saved = useQuery(trpc.savedSearches.list.queryOptions());
  const [target, savedSearchId] = form.watch(["target", "savedSearchId"]);
  const savedRows = useMemo(() => saved.data ?? [], [saved.data]);
  const filter = useMemo(
    () => targetFilter(target, savedSearchId, savedRows, searchQuery),
    [target, savedSearchId, savedRows, searchQuery],
  );
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.waves.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries(trpc.waves.pathFilter());
        router.push(`/waves/${id}`);
      },
      onError: (e) => setError(e.message),
    }),
  );

  function submit(start: boolean) {
    return form.handleSubmit((values: WaveFormValues) => {
      setError(null);
      if (!filter) return setError("Choose a saved search");
      const input = createInput(values, filter, start);
      if (!input.ok) return setError(input.error);
      create.mutate(input.input);
    });
  }

  return (
    <section aria-labelledby="new-wave-heading" className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href="/waves" className="text-sky-800 hover:underline">
            Waves
          </Link>
        </p>
        <h1 id="new-wave-heading" className="text-xl font-semibold text-slate-900">
          New wave
        </h1>
      </div>
      <Form aria-label="New wave" className="space-y-4" onSubmit={submit(false)} error={error ?? undefined}>
        <fieldset className={SECTION}>
          <legend className={LEGEND}>Wave</legend>
          <Field id="wave-name" label="Name" error={form.formState.errors.name?.message}>
            <Input {...form.register("name")} />
          </Field>
          <ImageFields
            form={form}
            images={images.data ?? []}
            loading={images.isPending}
            error={images.isError ? images.error.message : undefined}
          />
          <DeliveryField form={form} images={images.data ?? []} />
        </fieldset>
        <fieldset className={SECTION}>
          <legend className={LEGEND}>Devices</legend>
          <TargetFields form={form} saved={savedRows} hasSearch={hasSearch} filter={filter} />
          <WavePreview form={form} filter={filter} />
        </fieldset>
        <fieldset className={SECTION}>
          <legend className={LEGEND}>Stages</legend>
          <StageRows form={form} />
        </fieldset>
        <fieldset className={SECTION}>
          <legend className={LEGEND}>Pace</legend>
          <PacingFields form={form} />
        </fieldset>
        <fieldset className={SECTION}>
          <legend className={LEGEND}>QoE gate</legend>
          <QoeGateFields form={form} />
        </fieldset>
        <fieldset className={SECTION}>
          <legend className={LEGEND}>Success and rollback</legend>
          <CriteriaFields form={form} />
        </fieldset>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="secondary" disabled={create.isPending}>
            Save draft
          </Button>
          <Button onClick={submit(true)} disabled={create.isPending}>
            Start wave
          </Button>
          <span role="status" className="text-sm text-slate-600">
            {create.isPending ? "Saving…" : ""}
          </span>
        </div>
      </Form>
    </section>
  );
}
