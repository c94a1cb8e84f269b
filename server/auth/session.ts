import "server-only";
import { getServerSession, type Session } from "next-auth";
import { cache } from "react";
import { authOptions } from "./options";
import { operatorForSession, type CurrentOperator } from "./session-version";

export type { CurrentOperator } from "./session-version";

export const getServerAuthSession = (): Promise<Session | null> => getServerSession(authOptions);

/**
 * The signed-in operator, re-read from the database once per request: a JWT stays valid for 8 h, but
 * disabling an operator, changing their role or password, or signing out must take effect on their next
 * click (pages, the tRPC context and route handlers all come through here).
 */
export const getCurrentOperator = cache(
  async (): Promise<{ session: Session | null; operator: CurrentOperator | null }> => {
    const session = await getServerAuthSession();
    if (!session) return { session: null, operator: null };
    return { session, operator: await operatorForSession(session) };
  },
);
