import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/auth/next-path";
import { getCurrentOperator } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The page that sent the operator here (requireOperator); only a path on this site is followed.
  const next = safeNextPath((await searchParams).next);
  const { operator } = await getCurrentOperator();
  if (operator) redirect(next);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold tracking-wide text-sky-700 uppercase">Vantage</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold text-slate-900">Sign in to the console</h1>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
