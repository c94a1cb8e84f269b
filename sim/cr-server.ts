// One HTTP connection-request server for the whole fleet: GET /cr/<serial>, Digest-authenticated
// with that device's current ConnectionRequestUsername/Password (TR-069 3.2.2).
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  checkNonce,
  digestChallenge,
  ha1,
  makeNonce,
  parseAuthorization,
  verifyDigest,
} from "../server/cwmp/transport/digest";
import type { SimDevice } from "./device";

const REALM = "Vantage CPE";
const NONCE_AGE_MS = 60_000;

export interface CrServer {
  /** base URL; a device's ConnectionRequestURL is base + serial */
  base: string;
  close(): Promise<void>;
}

export interface CrOptions {
  host: string;
  port: number;
  device(serial: string): SimDevice | undefined;
  /** the device accepted a connection request */
  onRequest(device: SimDevice): void;
}

export async function startCrServer(opts: CrOptions): Promise<CrServer> {
  const key = `cr-${process.pid}-${Math.random()}`;
  const server = http.createServer((req, res) => {
    const m = /^\/cr\/([^/?]+)/.exec(req.url ?? "");
    const device = m ? opts.device(decodeURIComponent(m[1]!)) : undefined;
    if (!device || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404).end();
      return;
    }
    if (!device.online) {
      res.writeHead(503, { "retry-after": "60" }).end();
      return;
    }
    const username = device.ms("ConnectionRequestUsername");
    const password = device.ms("ConnectionRequestPassword");
    const auth = req.headers.authorization;
    let ok = false;
    let stale = false;
    const parsed = parseAuthorization(auth);
    if (parsed?.scheme === "Digest") {
      const params = parsed.params;
      const nonce = checkNonce(key, params.nonce ?? "", NONCE_AGE_MS);
      stale = nonce === "stale";
      ok =
        nonce === "ok" &&
        params.username === username &&
        verifyDigest(params, req.method, ha1(username, REALM, password));
    }
    if (!ok) {
      res.writeHead(401, { "www-authenticate": digestChallenge(REALM, makeNonce(key), stale) }).end();
      return;
    }
    res.writeHead(200, { "content-length": 0 }).end();
    opts.onRequest(device);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://${opts.host}:${port}/cr/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
