import { redirect } from "next/navigation";
import { adminSectionsFor } from "@/components/admin/admin-sections";
import { getCurrentOperator } from "@/server/auth/session";

/** /admin opens the first section the operator's role may use. */
export default async function AdminPage() {
  const { operator } = await getCurrentOperator();
  const first = operator ? adminSectionsFor(operator.role)[0] : undefined;
  redirect(first?.href ?? "/devices");
}
