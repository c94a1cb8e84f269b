// Audience measurement's services in one process: collection (monitoring's readings -> pseudonymous
// viewing sessions, opted-out households dropped) and the store loop (published cells with k-anonymity,
// session and pseudonym-key retention). server/start.ts starts and stops them as one. Collection reacts
// to this node's readings; the store loop is cluster-wide and runs on one node at a time.
import { startSingleton } from "../cluster/singleton";
import { startAudienceCollection } from "./collect";
import { startAudienceStore } from "./store/maintenance";

export interface Audience {
  stop(): Promise<void>;
}

export function startAudience(): Audience {
  const offCollection = startAudienceCollection();
  const store = startSingleton("audience-store", () => startAudienceStore());
  return {
    async stop() {
      offCollection();
      await store.stop();
    },
  };
}
