// The OMA DM service of one Vantage process: the DM listener (OMADM_PORT) with the database-backed
// session port, the package 0 bearer (UDP, see server/omadm/transport/bearer.ts), waking mobiles when
// DM tasks are queued, and the sweep of expired sessions (cluster-wide: on one node at a time). Off
// unless OMADM_ENABLED.
// (No "server-only": the custom server loads this outside Next, where that import throws.)
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { startSingletonSweep } from "../cluster/singleton";
import type { Settings } from "../env";
import { logger } from "../logger";
import { udpBearer } from "../omadm/transport/bearer";
import { createOmaDmServer } from "../omadm/transport/server";
import { db } from "../db";
import { taskEvents } from "../tasks/service";
import { createDmBackend } from "./backend";
import { dbSessionStore, sweepExpiredSessions } from "./session-store";
import { setNotificationBearer, wakeMobile } from "./wake";

export interface OmaDmService {
  /** the URL mobiles post to; undefined when the service is off */
  url?: string;
  port?: number;
  stop(): Promise<void>;
}

export async function startOmaDm(
  s: Settings,
  listen: (server: http.Server, port: number, host: string) => Promise<number>,
): Promise<OmaDmService> {
  if (!s.OMADM_ENABLED) return { stop: async () => {} };
  const log = logger("omadm");
  let url = s.OMADM_PUBLIC_URL ?? "";
  const dm = createOmaDmServer({
    backend: createDmBackend(),
    store: dbSessionStore,
    config: () => ({
      serverUrl: url,
      serverMaxMsgSize: s.OMADM_MAX_MSG_SIZE,
      serverMaxObjSize: s.OMADM_MAX_OBJECT_BYTES,
      allowBasic: s.OMADM_ALLOW_BASIC,
      maxAuthFailures: 3,
    }),
    sessionTimeoutMs: s.OMADM_SESSION_TIMEOUT * 1000,
    log,
  });
  const port = await listen(dm.server, s.OMADM_PORT, s.HOST);
  const host = s.HOST === "0.0.0.0" || s.HOST === "::" ? "127.0.0.1" : s.HOST;
  if (!url)
    url = `http://${host.includes(":") ? `[${host}]` : host}:${(dm.server.address() as AddressInfo).port}/`;
  setNotificationBearer(udpBearer(() => ({ allowedNetworks: s.CONNECTION_REQUEST_ALLOWED_NETWORKS })));
  // DM tasks wake their mobile; CWMP devices are woken by the CWMP side (server/start.ts).
  const onQueued = (deviceId: number): void => {
    void (async () => {
      const device = await db().device.findUnique({ where: { id: deviceId }, select: { protocol: true } });
      if (device?.protocol !== "omadm") return;
      const result = await wakeMobile(deviceId);
      if (!result.ok) log.warn({ deviceId, reason: result.reason }, "package 0 not delivered");
    })().catch((err: unknown) => log.warn({ err, deviceId }, "waking the mobile failed"));
  };
  taskEvents.on("queued", onQueued);
  const sweep = startSingletonSweep(
    "omadm-session-sweep",
    60_000,
    () => sweepExpiredSessions(),
    (err) => log.warn({ err }, "DM session sweep failed"),
  );
  log.info({ url, port }, "OMA DM listening");
  return {
    url,
    port,
    async stop() {
      taskEvents.off("queued", onQueued);
      await sweep.stop();
      setNotificationBearer(undefined);
      await dm.close();
    },
  };
}
