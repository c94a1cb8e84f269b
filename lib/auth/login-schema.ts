import { z } from "zod";

/**
 * What the sign-in form sends to next-auth's credentials provider. Only presence is checked here:
 * the rules a password must meet are for setting one, not for trying one.
 */
export const loginInput = z.object({
  username: z.string().trim().min(1, "Enter your username"),
  password: z.string().min(1, "Enter your password"),
});

export type LoginInput = z.infer<typeof loginInput>;
