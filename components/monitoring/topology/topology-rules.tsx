"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";

const FIELDS = [
  { id: "access_node", label: "Access node" },
  { id: "access_port", label: "Access port" },
  { id: "region", label: "Region" },
] as const;
type FieldId = (typeof FIELDS)[number]["id"];

interface Rule {
  id: number;
  oui: string;
  productClass: string;
  field: string;
  path: string;
}

/** Topology read from the devices: for an OUI / product class, the parameter naming node, port or region. */
export function TopologyRules({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.topology.rules.queryOptions({}));
  const invalidate = () => queryClient.invalidateQueries(trpc.topology.rules.pathFilter());
  const create = useMutation(trpc.topology.createRule.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.topology.deleteRule.mutationOptions({ onSuccess: invalidate }));
  const [form, setForm] = useState({ oui: "", productClass: "", field: "access_node" as FieldId, path: "" });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(form, { onSuccess: () => setForm((f) => ({ ...f, path: "" })) });
  }

  const columns: DataColumn<Rule>[] = [
    {
      id: "who",
      header: "Devices",
      rowHeader: true,
      cell: (r) => `${r.oui || "any OUI"} / ${r.productClass || "any class"}`,
    },
    { id: "field", header: "Gives", cell: (r) => FIELDS.find((f) => f.id === r.field)?.label ?? r.field },
    {
      id: "path",
      header: "Parameter",
      cell: (r) => <code>{r.path}</code>,
      className: "whitespace-normal break-all",
    },
    ...(canWrite
      ? [
          {
            id: "actions",
            header: "Actions",
            hideable: false,
            cell: (r: Rule) => (
              <Button
                variant="ghost"
                onClick={() => remove.mutate({ id: r.id })}
                aria-label={`Delete rule ${r.path}`}
              >
                Delete
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <div className="space-y-3">
      <DataTable
        label="Topology rules"
        rows={rules.data}
        loading={rules.isPending}
        error={rules.error?.message}
        getRowId={(r) => String(r.id)}
        empty="No topology rules"
        columns={columns}
      />
      {canWrite ? (
        <form
          onSubmit={submit}
          className="grid items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5"
        >
          <Field id="rule-oui" label="OUI">
            <Input
              value={form.oui}
              onChange={(e) => setForm({ ...form, oui: e.target.value })}
              placeholder="any"
            />
          </Field>
          <Field id="rule-class" label="Product class">
            <Input
              value={form.productClass}
              onChange={(e) => setForm({ ...form, productClass: e.target.value })}
              placeholder="any"
            />
          </Field>
          <Field id="rule-field" label="Gives">
            <Select
              value={form.field}
              onChange={(e) => setForm({ ...form, field: e.target.value as FieldId })}
            >
              {FIELDS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="rule-path" label="Parameter path">
            <Input
              value={form.path}
              onChange={(e) => setForm({ ...form, path: e.target.value })}
              placeholder="Device.DSL.Line.1.X_DSLAM"
            />
          </Field>
          <Button type="submit" disabled={create.isPending}>
            Add rule
          </Button>
          {create.error ? (
            <p role="alert" className="text-sm text-red-700 sm:col-span-5">
              {create.error.message}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
