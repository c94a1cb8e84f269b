"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The new token, shown this once: the server keeps only its hash and can never show it again. */
export function TokenCreated({ token, onDone }: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean>();

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      // No clipboard (insecure context, permission refused): the token stays selectable.
      setCopied(false);
    }
  }

  return (
    <div className="space-y-3">
      <div
        role="alert"
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      >
        Copy the token now. It will not be shown again: Vantage stores only a hash of it.
      </div>
      <output
        aria-label="New API token"
        className="block rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm break-all select-all"
      >
        {token}
      </output>
      <div className="flex items-center gap-2">
        <Button onClick={() => void copy()} data-autofocus>
          Copy token
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
        <span role="status" className="text-sm text-slate-600">
          {copied === true
            ? "Copied to the clipboard."
            : copied === false
              ? "Copying failed: select the token and copy it."
              : ""}
        </span>
      </div>
    </div>
  );
}
