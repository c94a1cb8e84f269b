// Audience measurement's services in one process: collection (monitoring's readings -> pseudonymous
// viewing sessions, opted-out households dropped) and the store loop (published cells with k-anonymity,
// session and pseudonym-key retention). server/start.ts starts and stops them as one.
import { startAudienceCollection } from "./collect";
import { startAudienceStore } from "./store/maintenance";

export interface Audience {
  stop(): Promise<void>;
}

export function startAudience(): Audience {
  const offCollection = startAudienceCollection();
  const store = startAudienceStore();
  return {
    async stop() {
      offCollection();
      await store.stop();
    },
  };
}
