import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { settings } from "../env";
import { CLIENT_ADDRESS_HEADER } from "../web/client-address";
import { login } from "./login";
import { endSessionsOnSignOut } from "./session-version";

/** An operator's session lasts one shift. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** Set by the custom server from the socket (X-Forwarded-For only via TRUSTED_PROXIES); never the client's. */
function remoteAddress(headers: Record<string, unknown> | undefined): string | undefined {
  const address = headers?.[CLIENT_ADDRESS_HEADER];
  return typeof address === "string" ? address : undefined;
}

export const authOptions: AuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  // Secure (and __Secure-/__Host- prefixed) cookies whenever the console is served over https; read
  // when next-auth handles a request, after the settings are loaded. Unset: next-auth's own default.
  get useSecureCookies(): boolean | undefined {
    return settings().PUBLIC_URL?.startsWith("https://") ? true : undefined;
  },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Vantage",
      credentials: {
        username: { label: "Username", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const username = credentials?.username?.trim() ?? "";
        const password = credentials?.password ?? "";
        if (!username || !password) throw new Error("invalid_credentials");
        const result = await login(username, password, { remoteAddress: remoteAddress(req.headers) });
        // next-auth hands the thrown message to signIn() as `error`; the login page maps these codes.
        if (!result.ok) throw new Error(result.reason);
        const { id, name, role, sessionVersion } = result.operator;
        return { id: String(id), name, username: result.operator.username, role, sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present right after authorize(); later calls keep the stored claims.
      if (user) {
        token.operatorId = Number(user.id);
        token.username = user.username;
        token.role = user.role;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.operator = {
        id: token.operatorId ?? 0,
        username: token.username ?? "",
        name: token.name ?? "",
        role: token.role ?? "viewer",
        // Not a secret: compared with Operator.sessionVersion on every request (session-version.ts).
        ...(token.sessionVersion === undefined ? {} : { sessionVersion: token.sessionVersion }),
      };
      return session;
    },
  },
  events: {
    // next-auth hands the JWT being cleared; raising the row's version ends this and every other
    // session of the operator, so a copied cookie is worthless after sign-out.
    async signOut({ token }) {
      await endSessionsOnSignOut(token);
    },
  },
};
