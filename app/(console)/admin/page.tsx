import { redirect } from "next/navigation";
import { adminSectionsFor } from "@/components/admin/admin-sections";
import { requireOperator } from "@/server/auth/session";

/** /admin opens the first section the operator's role may use. */
export default async function AdminPage() {
  const operator = await requireOperator("/admin");
  const first = adminSectionsFor(operator.role)[0];
  redirect(first?.href ?? "/devices");
}
