// What Vantage keeps in the next-auth JWT and session: the operator's id, role and session version, nothing
// secret.
import type { Role } from "../generated/prisma/enums";

declare module "next-auth" {
  interface Session {
    /** sessionVersion is absent only in tokens issued before it existed: such a session is refused. */
    operator: { id: number; username: string; name: string; role: Role; sessionVersion?: number };
  }
  interface User {
    username: string;
    role: Role;
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    operatorId?: number;
    username?: string;
    role?: Role;
    /** Operator.sessionVersion at sign-in; see server/auth/session.ts. */
    sessionVersion?: number;
  }
}
