// GET /feed.json?oui=&productClass=&hardwareVersion=: the published images per model, public (OSS,
// devices polling for news). Metadata only: no credentials, no file URLs that would work without them.
import type http from "node:http";
import { logger } from "../../logger";
import { db } from "../../db";
import { isOffered } from "../../../lib/firmware/applicability";

const PARAM = /^[\x20-\x7e]{0,64}$/;

export async function serveFeed(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams) {
  const filter = {
    oui: query.get("oui") ?? undefined,
    productClass: query.get("productClass") ?? undefined,
    hardwareVersion: query.get("hardwareVersion") ?? undefined,
  };
  if (Object.values(filter).some((v) => v !== undefined && !PARAM.test(v)))
    return void res.writeHead(400).end();
  try {
    const body = JSON.stringify(await publishedFeed(filter));
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "public, max-age=60",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (err) {
    logger("file-server").error({ err }, "feed failed");
    if (!res.headersSent) res.writeHead(500).end();
  }
}

interface FeedFilter {
  oui?: string;
  productClass?: string;
  hardwareVersion?: string;
}

// Interim until the store's own feed (server/firmware/images/feed.ts) lands: published, released,
// not blocked images whose model lists match the filter (an empty list matches any).
async function publishedFeed(filter: FeedFilter) {
  const rows = await db().firmwareImage.findMany({
    where: { state: "published" },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  const fits = (list: string[], value: string | undefined) =>
    value === undefined || list.length === 0 || list.some((v) => v.toLowerCase() === value.toLowerCase());
  return {
    images: rows
      .filter((r) => isOffered(r).ok)
      .filter(
        (r) =>
          fits(r.ouis, filter.oui) &&
          fits(r.productClasses, filter.productClass) &&
          fits(r.hardwareVersions, filter.hardwareVersion),
      )
      .map((r) => ({
        id: r.id,
        fileName: r.fileName,
        fileType: r.fileType,
        version: r.version,
        size: Number(r.size),
        sha256: r.sha256,
        ouis: r.ouis,
        productClasses: r.productClasses,
        hardwareVersions: r.hardwareVersions,
        fromVersions: r.fromVersions,
        releaseDate: r.releaseDate?.toISOString() ?? null,
        releaseNotes: r.releaseNotes,
      })),
  };
}
