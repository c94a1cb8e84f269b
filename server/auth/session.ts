import "server-only";
import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { loginPathFor } from "../../lib/auth/next-path";
import { hasPermission, type Permission } from "../../lib/permissions";
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

/**
 * Every console page starts with this (a layout is not re-rendered on client navigation, so it cannot
 * guard its pages): the signed-in operator, or a redirect to the login page that returns to `path`
 * (the page's own path and query) afterwards.
 */
export async function requireOperator(path: string): Promise<CurrentOperator> {
  const { operator } = await getCurrentOperator();
  if (!operator) redirect(loginPathFor(path));
  return operator;
}

/**
 * `requireOperator`, plus whether the operator's role has `permission`; the page renders <Forbidden>
 * when it does not (the procedures refuse anyway; the page says so plainly).
 */
export async function requirePermission(
  path: string,
  permission: Permission,
): Promise<{ operator: CurrentOperator; allowed: boolean }> {
  const operator = await requireOperator(path);
  return { operator, allowed: hasPermission(operator.role, permission) };
}
