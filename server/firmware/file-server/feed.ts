// GET /feed.json?oui=&productClass=&hardwareVersion=: the published images per model, public (OSS,
// devices polling for news). Metadata only: no credentials, no file URLs that would work without them.
import type http from "node:http";
import { logger } from "../../logger";
import { publishedFeed } from "../images/feed";

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
