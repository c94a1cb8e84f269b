"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { useTRPC } from "@/trpc/react";
import { CreateOperatorForm } from "./create-operator-form";
import { errorMessage } from "./error-message";
import { SuccessNotice } from "./notices";
import { operatorColumns, type OperatorRow } from "./operator-columns";
import { ResetPasswordForm } from "./reset-password-form";

export function OperatorsAdmin({ currentOperatorId }: { currentOperatorId: number }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.operators.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
  const [resetting, setResetting] = useState<OperatorRow>();
  const columns = useMemo(() => operatorColumns(currentOperatorId, setResetting), [currentOperatorId]);

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
      <DataTable
        label="Operators"
        persistKey="operators"
        columns={columns}
        rows={list.data}
        getRowId={(op) => String(op.id)}
        loading={list.isPending}
        error={list.error ? errorMessage(list.error) : undefined}
        empty="No operators"
        initialSort={{ id: "operator", desc: false }}
      />
      <Dialog
        open={resetting !== undefined}
        onClose={() => setResetting(undefined)}
        title={`Reset password of ${resetting?.username ?? ""}`}
      >
        {resetting ? (
          <ResetPasswordForm
            key={resetting.id}
            operator={resetting}
            onClose={() => setResetting(undefined)}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
