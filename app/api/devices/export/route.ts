// CSV download of a device search: the same URL parameters as the list page, the signed-in operator's
// session, permission devices.read, and an audit row per export. Streamed batch by batch.
import type { NextRequest } from "next/server";
import { hasPermission } from "@/lib/permissions";
import { recordAudit } from "@/server/audit/service";
import { getCurrentOperator } from "@/server/auth/session";
import { db } from "@/server/db";
import { CSV_EXPORT_CAP, deviceCsv } from "@/server/devices/csv";
import { filterOf, searchFromParams } from "@/lib/devices/search-url";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

const log = logger("devices-export");

function refuse(status: number, message: string): Response {
  return new Response(message + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export async function GET(req: NextRequest): Promise<Response> {
  const { operator } = await getCurrentOperator();
  if (!operator) return refuse(401, "Sign in to continue");
  if (!hasPermission(operator.role, "devices.read")) {
    return refuse(403, `Your role (${operator.role}) lacks devices.read`);
  }
  const search = searchFromParams(req.nextUrl.searchParams);
  const filter = filterOf(search);
  const now = new Date();
  await db().$transaction((tx) =>
    recordAudit(tx, {
      operatorId: operator.id,
      action: "devices.export",
      target: req.nextUrl.search || "(all devices)",
      after: { filter, cap: CSV_EXPORT_CAP },
    }),
  );

  const lines = deviceCsv(filter, { now, columns: search.columns });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        log.error({ err }, "device export failed mid-stream");
        controller.error(err);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="devices-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
