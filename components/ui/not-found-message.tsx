import Link from "next/link";

/** "Not found" with a way on: the page text for app/not-found.tsx and for records that don't exist. */
export function NotFoundMessage({ what = "page" }: { what?: string }) {
  return (
    <section aria-labelledby="not-found-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="not-found-heading" className="text-lg font-semibold text-slate-900">
        Not found
      </h1>
      <p className="mt-1 text-sm text-slate-700">This {what} does not exist, or no longer does.</p>
      <p className="mt-3 text-sm">
        <Link href="/devices" className="font-medium text-sky-800 underline underline-offset-2">
          Back to devices
        </Link>
      </p>
    </section>
  );
}
