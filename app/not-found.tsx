import type { Metadata } from "next";
import { TopBar } from "@/components/layout/top-bar";
import { NotFoundMessage } from "@/components/ui/not-found-message";
import { getCurrentOperator } from "@/server/auth/session";

export const metadata: Metadata = { title: "Not found" };

// The root not-found renders outside the console layout, so it draws the same navigation itself
// when someone is signed in (a stranger only gets the message and a link to sign in through).
export default async function NotFound() {
  const { operator } = await getCurrentOperator();
  return (
    <div className="flex min-h-screen flex-col">
      {operator ? <TopBar operator={operator} /> : null}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6">
        <NotFoundMessage />
      </main>
    </div>
  );
}
