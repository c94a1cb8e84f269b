"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useTemplates } from "./use-profiles";

/** "New profile": a blank one, or an editable copy of a built-in template. */
export function NewProfileButton() {
  const [open, setOpen] = useState(false);
  const templates = useTemplates();
  return (
    <>
      <Button onClick={() => setOpen(true)}>New profile</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="New profile" size="lg">
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Start from">
          <li className="p-3">
            <Link href="/profiles/new" className="font-medium text-sky-800 hover:underline">
              Blank profile
            </Link>
            <p className="text-sm text-slate-600">Start with no rows.</p>
          </li>
          {templates.isError ? (
            <li className="p-3 text-sm text-red-700">Could not load templates: {templates.error.message}</li>
          ) : null}
          {(templates.data ?? []).map((t) => (
            <li key={t.id} className="p-3">
              <Link
                href={`/profiles/new?template=${encodeURIComponent(t.id)}`}
                className="font-medium text-sky-800 hover:underline"
              >
                {t.name}
              </Link>
              <p className="text-sm text-slate-600">{t.description}</p>
            </li>
          ))}
        </ul>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </div>
      </Dialog>
    </>
  );
}
