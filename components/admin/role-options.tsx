// The <option>s of a role <Select>, in the role table's order and with its labels: one list for the
// operator forms and the API token form.
import { ROLE_LABELS, ROLES } from "@/lib/operators/schemas";

export function RoleOptions() {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </>
  );
}
