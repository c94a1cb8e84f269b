// The ceiling: a bare node:http server that answers like the ACS does in a steady-state session
// (Inform -> the same InformResponse bytes and headers plus a session cookie; empty POST -> 204)
// and does nothing else. Run as its own process: `node --import tsx bench/target-bare.ts`.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fill, informResponseTemplate } from "./devices";
import { headerId } from "./stats";
import { announce } from "./target-ipc";

const response = informResponseTemplate();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = chunks.length ? Buffer.concat(chunks).toString("utf8") : "";
    if (body.trim() === "") {
      res.writeHead(204, { "Content-Length": 0 }).end();
      return;
    }
    const xml = fill(response, headerId(body) ?? "1");
    res
      .writeHead(200, {
        "Content-Type": 'text/xml; charset="utf-8"',
        "Content-Length": Buffer.byteLength(xml),
        SOAPServer: "Vantage",
        "Set-Cookie": `vantage-session=${randomBytes(16).toString("hex")}; Path=/`,
      })
      .end(xml);
  });
});
// Same keep-alive policy as the ACS's CWMP listener (CWMP_SESSION_TIMEOUT 30 s).
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  announce({ url: `http://127.0.0.1:${port}/` }, () => void server.close());
});
