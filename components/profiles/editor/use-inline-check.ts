"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { profileDefinitionSchema } from "@/lib/profiles/definition";
import { useTRPC } from "@/trpc/react";
import type { ProfileForm } from "./form-types";
import { useDebounced } from "./use-debounced";

/**
 * The data-model check while editing: once the definition is well-formed and has stopped changing for
 * a moment, profiles.check answers with the rows a save would refuse.
 */
export function useInlineCheck(form: ProfileForm, secretNames: string[]) {
  const trpc = useTRPC();
  const definition = useWatch({ control: form.control, name: "definition" });
  const parsed = useMemo(() => profileDefinitionSchema.safeParse(definition), [definition]);
  const input = useDebounced(
    useMemo(() => (parsed.success ? { definition: parsed.data, secretNames } : null), [parsed, secretNames]),
    500,
  );
  const check = useQuery(
    trpc.profiles.check.queryOptions(input ?? { definition: { triggers: ["boot"] } }, {
      enabled: input !== null,
      placeholderData: (previous) => previous,
    }),
  );
  return { refused: check.data?.refused ?? [], checking: check.isFetching };
}
