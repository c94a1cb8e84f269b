// The browser's copy of the server's edit check (server/devices/edit-validation.ts): the same
// validateValue over the same facts, for instant feedback. The server checks again before queuing.
import { z } from "zod";
import { XSD_TYPES } from "@/lib/xsd-types";
import { validateValue } from "@/lib/datamodel/validate";
import type { BaseType } from "@/lib/datamodel/types";
import type { TreeChild } from "./use-device";

const XSD = new Set<string>(XSD_TYPES);

export function checkValue(child: TreeChild, value: string): string | null {
  const facts = child.facts ?? {
    t: (child.entry?.t && XSD.has(child.entry.t) ? child.entry.t : "string") as BaseType,
  };
  // base64 length checks need Buffer, which browsers lack; the server covers that type.
  if (facts.t === "base64") return null;
  const result = validateValue(facts, value, { write: true });
  return result.ok ? null : `${result.message} (fault ${result.faultCode} if sent)`;
}

/**
 * The value field's schema: the procedure's bound (device.setValue takes at most 65535 characters)
 * plus the data-model check above, so the form refuses what the server would refuse.
 */
export function valueSchema(child: TreeChild) {
  return z
    .string()
    .max(65535, "Invalid value: at most 65535 characters")
    .superRefine((value, ctx) => {
      const problem = checkValue(child, value);
      if (problem) ctx.addIssue({ code: "custom", message: `Invalid value: ${problem}` });
    });
}

/** Enumeration values an operator may write, when the model has them. */
export function writableEnum(child: TreeChild): string[] | null {
  const facts = child.facts;
  if (facts?.e) return facts.e.filter((v) => !facts.ero?.includes(v));
  if ((facts?.t ?? child.entry?.t) === "boolean") return ["true", "false"];
  return null;
}

/** A short description of what the model allows: units, ranges, lengths. */
export function describeFacts(child: TreeChild): string {
  const f = child.facts;
  if (!f) return child.entry?.t ?? "";
  const parts: string[] = [f.d ?? f.t];
  if (f.L) parts.push("list");
  if (f.r?.length) parts.push(f.r.map(([a, b]) => `${a ?? "…"}–${b ?? "…"}`).join(", "));
  if (f.l !== undefined) parts.push(`max ${f.l} chars`);
  if (f.u) parts.push(f.u);
  return parts.join(" · ");
}
