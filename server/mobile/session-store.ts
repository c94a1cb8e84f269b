// DM sessions in the database (model OmaDmSession), keyed by the RespURI token: the whole machine
// state is one JSON value, so a message may reach any node and continue the session there. Expired
// rows are removed by the service's sweep; a message for an expired session is refused (404) and
// the client starts again with package 1 (its unanswered task is sent again, up to the cap).
import { db } from "../db";
import { asJson } from "../json";
import type { DmSessionState } from "../omadm/session/state";
import type { DmSessionStore } from "../omadm/transport/server";

export const dbSessionStore: DmSessionStore = {
  async load(token) {
    const row = await db().omaDmSession.findUnique({ where: { token } });
    if (!row || row.expiresAt < new Date()) return undefined;
    return row.state as unknown as DmSessionState;
  },
  async save(state, expiresAt) {
    const data = { deviceId: state.deviceId ?? null, state: asJson(state), updatedAt: new Date(), expiresAt };
    await db().omaDmSession.upsert({
      where: { token: state.token },
      create: { token: state.token, ...data },
      update: data,
    });
  },
  async remove(token) {
    await db().omaDmSession.deleteMany({ where: { token } });
  },
};

/** Sessions past their expiry (a client that went away): removed. Their sent tasks stay sent. */
export async function sweepExpiredSessions(now = new Date()): Promise<number> {
  const { count } = await db().omaDmSession.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
