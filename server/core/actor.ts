// Who acts: services take these instead of the tRPC context or the next-auth session, so a job, a
// test or a future API token can call them too. Kept free of next-auth, tRPC and the database.
import type { Role } from "../generated/prisma/enums";

/** The acting operator as an audit row names them. */
export interface Actor {
  id: number;
  username: string;
}

/** An operator whose role decides what they may do (which parameters they may write, which bulk work). */
export interface WritingActor extends Actor {
  role: Role;
}
