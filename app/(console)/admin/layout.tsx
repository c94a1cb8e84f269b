import type { ReactNode } from "react";
import { adminSectionsFor } from "@/components/admin/admin-sections";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { getCurrentOperator } from "@/server/auth/session";

// Navigation only. Each admin page checks its own permission: a layout is not re-rendered on client
// navigation between its pages, so a check here would not guard them.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { operator } = await getCurrentOperator();
  const sections = operator ? adminSectionsFor(operator.role) : [];
  return (
    <div className="space-y-6">
      {sections.length > 0 && <AdminTabs sections={sections} />}
      {children}
    </div>
  );
}
