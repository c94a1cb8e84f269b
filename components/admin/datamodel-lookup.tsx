"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { ErrorNotice } from "./notices";

type Lookup = NonNullable<inferRouterOutputs<AppRouter>["datamodel"]["lookup"]>;
type ParamFacts = Extract<Lookup, { kind: "parameter" }>["facts"];

const lookupForm = z.object({ path: z.string().trim().min(1) });

const ACCESS = { 1: "read-write", 2: "write once" } as const;

function range(facts: ParamFacts): string | undefined {
  return facts.r
    ?.map(([min, max, step]) => `${min ?? "−∞"} … ${max ?? "∞"}${step !== undefined ? ` step ${step}` : ""}`)
    .join(", ");
}

function rows(hit: Lookup): [string, string | undefined][] {
  if (hit.kind === "object")
    return [
      ["Kind", hit.facts.m ? "object table (multi-instance)" : "object"],
      ["Access", hit.facts.w ? "instances can be added and deleted" : "read-only"],
      [
        "Entries",
        hit.facts.mn !== undefined ? `${hit.facts.mn} … ${hit.facts.mx ?? "unbounded"}` : undefined,
      ],
      ["Parameters", String(hit.parameterCount)],
    ];
  const f = hit.facts;
  return [
    ["Kind", "parameter"],
    ["Type", f.d ? `${f.t} (${f.d})` : f.t],
    ["Access", f.w ? ACCESS[f.w] : "read-only"],
    ["Range", range(f)],
    ["Enumeration", f.e?.join(", ")],
    ["Units", f.u],
    ["Length", f.l !== undefined ? `${f.ml ?? 0} … ${f.l}` : undefined],
    ["List", f.L ? `comma-separated list` : undefined],
    ["Default", f.df],
  ];
}

/** Check what the console knows about a path, standard or imported. */
export function DataModelLookup() {
  const trpc = useTRPC();
  const [path, setPath] = useState("");
  const lookup = useQuery({ ...trpc.datamodel.lookup.queryOptions({ path }), enabled: path !== "" });
  const form = useZodForm(lookupForm, { defaultValues: { path: "" } });
  const draft = form.watch("path");

  return (
    <section aria-labelledby="lookup-heading" className="space-y-3">
      <h2 id="lookup-heading" className="text-base font-semibold text-slate-900">
        Look up a path
      </h2>
      <Form
        role="search"
        aria-label="Look up a data model path"
        onSubmit={form.handleSubmit((v) => setPath(v.path))}
        className="flex items-end gap-2"
      >
        <Field id="dm-path" label="Parameter or object path" className="min-w-0 flex-1">
          <Input
            className="font-mono"
            placeholder="Device.DeviceInfo.SoftwareVersion"
            {...form.register("path")}
          />
        </Field>
        <Button type="submit" disabled={!draft.trim()}>
          Look up
        </Button>
      </Form>
      {lookup.error ? <ErrorNotice>{errorMessage(lookup.error)}</ErrorNotice> : null}
      {path && lookup.data === null ? (
        <p role="status" className="text-sm text-slate-600">
          No data model defines <span className="font-mono">{path}</span>.
        </p>
      ) : null}
      {lookup.data ? (
        <dl
          aria-label="Path facts"
          className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm"
        >
          <dt className="text-slate-600">Pattern</dt>
          <dd className="font-mono break-all">{lookup.data.pattern}</dd>
          <dt className="text-slate-600">Model</dt>
          <dd>{lookup.data.model}</dd>
          {rows(lookup.data)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-600">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
      ) : null}
    </section>
  );
}
