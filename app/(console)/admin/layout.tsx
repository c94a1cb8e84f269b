import type { ReactNode } from "react";
import { adminSectionsFor } from "@/components/admin/admin-sections";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { Forbidden } from "@/components/ui/forbidden";
import { getCurrentOperator } from "@/server/auth/session";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { operator } = await getCurrentOperator();
  const sections = operator ? adminSectionsFor(operator.role) : [];
  if (sections.length === 0) return <Forbidden what="use the admin pages" />;
  return (
    <div className="space-y-6">
      <AdminTabs sections={sections} />
      {children}
    </div>
  );
}
