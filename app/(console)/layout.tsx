import type { ReactNode } from "react";
import { TopBar } from "@/components/layout/top-bar";
import { getCurrentOperator } from "@/server/auth/session";

// The top bar only. Each page checks sign-in itself (requireOperator): a layout is not re-rendered on
// client navigation between its pages, so a check here would not guard them.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { operator } = await getCurrentOperator();
  return (
    <div className="flex min-h-screen flex-col">
      {operator ? <TopBar operator={operator} /> : null}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6">
        {children}
      </main>
    </div>
  );
}
