// Client -> server authentication of package 1 (docs/domain.md §5.3): syncml:auth-md5 Cred in the
// SyncHdr, or the transport-level x-syncml-hmac header over the body, or syncml:auth-basic only when
// configured. The nonce is the one this server issued last (Chal NextNonce), used once: on success
// and on failure a new one replaces it, and a nonce already replaced no longer authenticates (replay).
// A nonce enters the hashes as its decoded bytes (the base64 text is only its carrier); the simulator
// does the same, and the empty first nonce is the same either way (the libdmclient-verified case).
import {
  AUTH_TYPES,
  constantTimeEqual,
  newNonce,
  parseBasicCredential,
  parseHmacHeader,
  verifyHmac,
  verifyMd5Credential,
} from "../auth";
import type { SyncMLMessage } from "../syncml";
import type { DmAccount, DmBackend } from "./backend";

export type AuthVerdict =
  | { ok: true; authType: string; nextNonce: string }
  /** 401 wrong credentials / replayed nonce / unknown client, 407 none sent */
  | { ok: false; code: 401 | 407; reason: string; authType: string; nextNonce: string };

export interface AuthInput {
  message: SyncMLMessage;
  hmacHeader?: string;
  body: Uint8Array;
  account: DmAccount | undefined;
  allowBasic: boolean;
}

/** The nonce as it enters a digest: the bytes its base64 carrier encodes. */
export function nonceBytes(nonce: string): Uint8Array {
  return new Uint8Array(Buffer.from(nonce, "base64"));
}

type Check = { ok: true; authType: string } | { ok: false; code: 401 | 407; reason: string };

function check(input: AuthInput, account: DmAccount): Check {
  const nonce = nonceBytes(account.clientNonce);
  if (input.hmacHeader !== undefined) {
    const header = parseHmacHeader(input.hmacHeader);
    if (!header) return { ok: false, code: 401, reason: "unreadable x-syncml-hmac header" };
    const valid = verifyHmac(header, {
      username: account.clientUsername,
      password: account.clientPassword,
      nonce,
      body: input.body,
    });
    return valid ? { ok: true, authType: AUTH_TYPES.hmac } : { ok: false, code: 401, reason: "bad HMAC" };
  }
  const cred = input.message.header.cred;
  if (!cred) return { ok: false, code: 407, reason: "no credentials" };
  const type = cred.meta?.type ?? AUTH_TYPES.basic;
  if (type === AUTH_TYPES.md5) {
    const valid = verifyMd5Credential(cred.data, account.clientUsername, account.clientPassword, nonce);
    return valid ? { ok: true, authType: type } : { ok: false, code: 401, reason: "bad auth-md5 credential" };
  }
  if (type === AUTH_TYPES.basic && input.allowBasic) {
    const basic = parseBasicCredential(cred.data);
    const valid =
      basic !== undefined &&
      constantTimeEqual(basic.username, account.clientUsername) &&
      constantTimeEqual(basic.password, account.clientPassword);
    return valid
      ? { ok: true, authType: type }
      : { ok: false, code: 401, reason: "bad auth-basic credential" };
  }
  return { ok: false, code: 401, reason: `authentication type ${type} not accepted` };
}

export async function authenticate(input: AuthInput, backend: DmBackend): Promise<AuthVerdict> {
  const nextNonce = newNonce();
  const account = input.account;
  // The challenge names the type the account prefers; HMAC clients are challenged for it too.
  const preferred = account?.authType === AUTH_TYPES.hmac ? AUTH_TYPES.hmac : AUTH_TYPES.md5;
  if (!account) return { ok: false, code: 401, reason: "unknown client", authType: preferred, nextNonce };
  const verdict = check(input, account);
  // The nonce is spent whatever the verdict: only the holder of the next one can try again.
  const fresh = await backend.rotateClientNonce(account, account.clientNonce, nextNonce);
  if (verdict.ok && !fresh)
    return { ok: false, code: 401, reason: "nonce already used", authType: preferred, nextNonce };
  if (!verdict.ok) return { ...verdict, authType: preferred, nextNonce };
  return { ok: true, authType: verdict.authType, nextNonce };
}
