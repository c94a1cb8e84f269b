import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { TopBar } from "@/components/layout/top-bar";
import { getCurrentOperator } from "@/server/auth/session";

// Every console page needs the signed-in operator, re-checked against the database per request.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { operator } = await getCurrentOperator();
  if (!operator) redirect("/login");
  return (
    <div className="flex min-h-screen flex-col">
      <TopBar operator={operator} />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6">
        {children}
      </main>
    </div>
  );
}
