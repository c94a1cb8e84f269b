// The published-images feed on the console (signed-in, firmware.read); the file server serves the same
// document to devices at /feed.json. ?oui=&productClass=&hardwareVersion= narrow it to one model.
import type { NextRequest } from "next/server";
import { hasPermission } from "@/lib/permissions";
import { getCurrentOperator } from "@/server/auth/session";
import { publishedFeed } from "@/server/firmware/images/feed";

export const dynamic = "force-dynamic";

const param = (req: NextRequest, name: string): string | undefined => {
  const v = req.nextUrl.searchParams.get(name)?.trim();
  return v ? v.slice(0, 64) : undefined;
};

export async function GET(req: NextRequest): Promise<Response> {
  const { operator } = await getCurrentOperator();
  if (!operator) return Response.json({ error: "Sign in to continue" }, { status: 401 });
  if (!hasPermission(operator.role, "firmware.read"))
    return Response.json({ error: `Your role (${operator.role}) lacks firmware.read` }, { status: 403 });
  const feed = await publishedFeed({
    oui: param(req, "oui"),
    productClass: param(req, "productClass"),
    hardwareVersion: param(req, "hardwareVersion"),
  });
  return Response.json(feed, { headers: { "cache-control": "no-store" } });
}
