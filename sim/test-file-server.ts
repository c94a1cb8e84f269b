// A loopback file server for the simulator's tests: Digest (u1/p1), the ACS file server's Digest and
// X-Vantage-Signature headers (demo key unless told otherwise).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  digestChallenge,
  ha1,
  makeNonce,
  parseAuthorization,
  verifyDigest,
} from "../server/cwmp/transport/digest";
import { signImage } from "../server/firmware/signature";

export const DEMO_PRIVATE_KEY = readFileSync(
  path.resolve(import.meta.dirname, "../scripts/demo-keys/demo-originator.key.pem"),
  "utf8",
);
const REALM = "Vantage files";

export interface TestFileServer {
  base: string;
  /** `digest` replaces the true Digest header value (a server lying about the file). */
  serve(name: string, body: Buffer, opts?: { signature?: Buffer | "none"; digest?: string }): string;
  fetches: () => number;
  close(): Promise<void>;
}

export async function startTestFileServer(): Promise<TestFileServer> {
  const files = new Map<string, { body: Buffer; signature?: Buffer | "none"; digest?: string }>();
  let fetches = 0;
  const server = http.createServer((req, res) => {
    const auth = parseAuthorization(req.headers.authorization);
    if (!(auth?.scheme === "Digest" && verifyDigest(auth.params, "GET", ha1("u1", REALM, "p1")))) {
      res.writeHead(401, { "www-authenticate": digestChallenge(REALM, makeNonce("k")) }).end();
      return;
    }
    const f = files.get(req.url ?? "");
    if (!f) return void res.writeHead(404).end();
    fetches++;
    const headers: Record<string, string> = {
      "content-length": String(f.body.length),
      digest: `sha-256=${f.digest ?? createHash("sha256").update(f.body).digest("base64")}`,
    };
    if (f.signature !== "none") {
      const sig = f.signature ?? signImage(DEMO_PRIVATE_KEY, f.body);
      headers["x-vantage-signature"] = `alg=ed25519; key=00; sig=${sig.toString("base64")}`;
    }
    res.writeHead(200, headers).end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    serve: (name, body, opts = {}) => {
      files.set(`/${name}`, { body, signature: opts.signature, digest: opts.digest });
      return `${base}/${name}`;
    },
    fetches: () => fetches,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
