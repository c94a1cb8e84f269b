// The northbound interface's background work in one process: webhook fan-out and delivery from the
// outbox, and the expiry of idempotency keys. server/start.ts starts and stops them as one; the REST
// API itself is served by the console's Next.js routes (app/api/v1). Everything imported from here runs
// in plain Node (server/main.ts under tsx), so none of it may import "server-only". Both loops are
// cluster-wide: each runs on one node at a time (server/cluster/singleton.ts).
import { startSingleton } from "../cluster/singleton";
import { startIdempotencySweep } from "./rest/idempotency";
import { startWebhooks } from "./webhooks/service";

export interface Northbound {
  stop(): Promise<void>;
}

export function startNorthbound(): Northbound {
  const webhooks = startSingleton("webhooks", () => startWebhooks());
  const idempotency = startSingleton("idempotency-sweep", () => startIdempotencySweep());
  return {
    async stop() {
      await Promise.all([webhooks.stop(), idempotency.stop()]);
    },
  };
}
