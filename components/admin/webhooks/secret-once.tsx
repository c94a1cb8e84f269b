"use client";

import { SuccessNotice } from "../notices";

/** The signing secret, shown once after create or rotate: it is not stored where it can be read again. */
export function SecretOnce({
  name,
  secret,
  onDismiss,
}: {
  name: string;
  secret: string;
  onDismiss: () => void;
}) {
  return (
    <SuccessNotice>
      <p>
        Signing secret of <strong>{name}</strong>. Copy it now: it is not shown again.
      </p>
      <code
        data-testid="webhook-secret"
        className="mt-1 block break-all rounded bg-white px-2 py-1 text-slate-900"
      >
        {secret}
      </code>
      <button type="button" className="mt-1 text-sm underline" onClick={onDismiss}>
        I have copied it
      </button>
    </SuccessNotice>
  );
}
