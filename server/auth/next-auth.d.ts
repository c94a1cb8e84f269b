// What Vantage keeps in the next-auth JWT and session: the operator's id and role, nothing secret.
import type { Role } from "../generated/prisma/enums";

declare module "next-auth" {
  interface Session {
    operator: { id: number; username: string; name: string; role: Role };
  }
  interface User {
    username: string;
    role: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    operatorId?: number;
    username?: string;
    role?: Role;
  }
}
