"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { CreateOperatorForm } from "./create-operator-form";
import { errorMessage } from "./error-message";
import { ErrorNotice, SuccessNotice } from "./notices";
import { OperatorRowView } from "./operator-row";
import { ResetPasswordPanel } from "./reset-password-panel";

const HEADERS = ["Operator", "Role", "Status", "Last sign-in", ""];

export function OperatorsAdmin({ currentOperatorId }: { currentOperatorId: number }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.operators.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
  const [resetting, setResetting] = useState<{ id: number; username: string }>();

  return (
    <div className="space-y-4">
      {created ? <SuccessNotice>Operator {created} created.</SuccessNotice> : null}
      {creating ? (
        <CreateOperatorForm
          onCreated={(username) => {
            setCreated(username);
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <Button
          onClick={() => {
            setCreated(undefined);
            setCreating(true);
          }}
        >
          New operator
        </Button>
      )}
      {resetting ? (
        <ResetPasswordPanel key={resetting.id} operator={resetting} onClose={() => setResetting(undefined)} />
      ) : null}
      {list.error ? <ErrorNotice>{errorMessage(list.error)}</ErrorNotice> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <table
          className="min-w-full divide-y divide-slate-200 text-sm"
          aria-label="Operators"
          aria-busy={list.isPending}
        >
          <thead className="bg-slate-50">
            <tr>
              {HEADERS.map((h, i) => (
                <th
                  key={i}
                  scope="col"
                  className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                >
                  {h || <span className="sr-only">Actions</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(list.data ?? []).map((op) => (
              <OperatorRowView
                key={op.id}
                operator={op}
                isSelf={op.id === currentOperatorId}
                onResetPassword={() => setResetting({ id: op.id, username: op.username })}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
