import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { Label } from "./input";

/** Ids and ARIA a control needs to be tied to its hint and error; spread on the control. */
export function fieldAria(id: string, error: string | undefined, hint?: string) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  } as const;
}

type ControlProps = { id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/**
 * A labelled control with an optional hint and error. The single child gets id, aria-invalid and
 * aria-describedby (hint and error) unless it sets them. Usage:
 *   <Field id="username" label="Username" hint="3–32 letters" error={errors.username?.message}>
 *     <Input {...register("username")} />
 *   </Field>
 */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: ReactElement<ControlProps> | ReactNode;
}) {
  const aria = fieldAria(id, error, hint ? "hint" : undefined);
  const control = isValidElement<ControlProps>(children)
    ? cloneElement(children, { ...aria, ...children.props })
    : children;
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      {control}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
