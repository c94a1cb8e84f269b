import "server-only";
import { getServerSession, type Session } from "next-auth";
import { cache } from "react";
import { db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { authOptions } from "./options";

export interface CurrentOperator {
  id: number;
  username: string;
  name: string;
  role: Role;
}

export const getServerAuthSession = (): Promise<Session | null> => getServerSession(authOptions);

/**
 * The signed-in operator, re-read from the database once per request: a JWT stays valid for 8 h, but
 * disabling an operator or changing their role must take effect on their next click.
 */
export const getCurrentOperator = cache(
  async (): Promise<{ session: Session | null; operator: CurrentOperator | null }> => {
    const session = await getServerAuthSession();
    const id = session?.operator.id;
    if (!session || !id) return { session: null, operator: null };
    const operator = await db().operator.findUnique({
      where: { id },
      select: { id: true, username: true, name: true, role: true, disabled: true },
    });
    if (!operator || operator.disabled) return { session, operator: null };
    const { disabled: _disabled, ...current } = operator;
    return { session, operator: current };
  },
);
