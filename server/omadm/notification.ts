// Package 0: the General Notification Initiated Session Alert (OMA-TS-DM_Notification 1.2, as
// transcribed in docs/domain.md §5.5 and implemented by libdmclient dmcore/src/package0.c):
//
//   trigger-message = digest(16 bytes) ‖ trigger-hdr ‖ trigger-body
//   trigger-hdr     = version(10 bits) ‖ ui-mode(2) ‖ initiator(1) ‖ future-use(27, zero) ‖
//                     session-id(16) ‖ length-identifier(8) ‖ server-identifier   (big-endian)
//   digest          = MD5( B64(MD5(server-identifier ":" password)) ":" nonce ":" B64(MD5(trigger)) )
//                     where trigger = trigger-hdr ‖ trigger-body (every byte after the digest)
//
//   buildPackage0(input) -> Uint8Array            parsePackage0(bytes) -> Result<Package0, NotificationError>
//   verifyPackage0(bytes, { password, nonce }) -> Result<Package0, NotificationError> (digest checked)
//   package0Digest(serverId, password, nonce, trigger) -> 16 bytes
//
// password/nonce are the server->client credential (DMAcc AppAuth SRVCRED AAuthSecret/AAuthData).
// Version: the transcribed spec text mandates 0000001011 (= 11) and libdmclient accepts only 11
// (PRV_VERSION_MIN = PRV_VERSION_MAX = 11), so 11 is the default; 12 (DM 1.2) can be asked for.
// The bearer (WAP push / SMS, MIME application/vnd.syncml.notification) is not here: this is bytes.
// Interop note: libdmclient reads the session id with be64toh and then ntohs again, so on a
// little-endian host it sees the two bytes swapped; sessionIdMatches accepts both readings.
import { createHash } from "node:crypto";
import type { Result } from "./wbxml";
import { constantTimeEqual, userDigest, type Nonce } from "./auth";

export const NOTIFICATION_CONTENT_TYPE = "application/vnd.syncml.notification";
export const DEFAULT_NOTIFICATION_VERSION = 11;
const DIGEST_LENGTH = 16;
const FIXED_HEADER_LENGTH = 8; // 40 bits of flags + 16 bits session id + 8 bits identifier length
const MAX_PACKAGE0_BYTES = 64 * 1024;

export type UiMode = "not-specified" | "background" | "informative" | "user-interaction";
const UI_MODES: readonly UiMode[] = ["not-specified", "background", "informative", "user-interaction"];
export type Initiator = "client" | "server";

export interface TriggerHeader {
  /** DEC(bits): 11 = version 1.1, 12 = 1.2. */
  version: number;
  uiMode: UiMode;
  initiator: Initiator;
  /** 0..65535; the client answers with SessionID = this number in hex. */
  sessionId: number;
  serverId: string;
}

export interface Package0 {
  digest: Uint8Array;
  header: TriggerHeader;
  /** Vendor-specific trigger body (may be empty). */
  body: Uint8Array;
}

export interface BuildPackage0Input {
  serverId: string;
  password: string;
  nonce: Nonce;
  sessionId: number;
  uiMode?: UiMode;
  initiator?: Initiator;
  version?: number;
  body?: Uint8Array;
}

export type NotificationErrorReason = "size" | "truncated" | "malformed" | "digest";

export class NotificationError extends Error {
  readonly reason: NotificationErrorReason;

  constructor(reason: NotificationErrorReason, message: string) {
    super(message);
    this.name = "NotificationError";
    this.reason = reason;
  }
}

const md5 = (...parts: (string | Uint8Array)[]): Buffer => {
  const hash = createHash("md5");
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export function package0Digest(
  serverId: string,
  password: string,
  nonce: Nonce,
  trigger: Uint8Array,
): Uint8Array {
  const triggerHash = md5(trigger).toString("base64");
  return new Uint8Array(md5(userDigest(serverId, password), ":", nonce, ":", triggerHash));
}

/** Builds the trigger and its digest. Throws RangeError on out-of-range input (a programming error). */
export function buildPackage0(input: BuildPackage0Input): Uint8Array {
  const version = input.version ?? DEFAULT_NOTIFICATION_VERSION;
  const id = Buffer.from(input.serverId, "utf8");
  if (!Number.isInteger(version) || version < 0 || version > 1023)
    throw new RangeError("version needs 10 bits");
  if (!Number.isInteger(input.sessionId) || input.sessionId < 0 || input.sessionId > 0xffff) {
    throw new RangeError("session id needs 16 bits");
  }
  if (id.length === 0 || id.length > 255) throw new RangeError("server identifier must be 1..255 bytes");
  const header = Buffer.alloc(FIXED_HEADER_LENGTH);
  const ui = UI_MODES.indexOf(input.uiMode ?? "not-specified");
  const initiator = (input.initiator ?? "server") === "server" ? 1 : 0;
  // First 16 bits: version(10) ui-mode(2) initiator(1) and the top 3 future-use bits (zero).
  header.writeUInt16BE((version << 6) | (ui << 4) | (initiator << 3), 0);
  // Bytes 2..4 are the remaining 24 future-use bits, left zero.
  header.writeUInt16BE(input.sessionId, 5);
  header.writeUInt8(id.length, 7);
  const trigger = Buffer.concat([header, id, input.body ?? new Uint8Array(0)]);
  const digest = package0Digest(input.serverId, input.password, input.nonce, trigger);
  return new Uint8Array(Buffer.concat([digest, trigger]));
}

export function parsePackage0(bytes: Uint8Array): Result<Package0, NotificationError> {
  const fail = (reason: NotificationErrorReason, message: string) =>
    ({ ok: false, error: new NotificationError(reason, message) }) as const;
  if (bytes.length > MAX_PACKAGE0_BYTES)
    return fail("size", `package 0 of ${bytes.length} bytes is too large`);
  if (bytes.length < DIGEST_LENGTH + FIXED_HEADER_LENGTH) {
    return fail("truncated", `package 0 of ${bytes.length} bytes is shorter than digest and header`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const first = buf.readUInt16BE(DIGEST_LENGTH);
  const idLength = buf.readUInt8(DIGEST_LENGTH + 7);
  const idStart = DIGEST_LENGTH + FIXED_HEADER_LENGTH;
  if (idLength === 0) return fail("malformed", "package 0 has an empty server identifier");
  if (idStart + idLength > bytes.length)
    return fail("truncated", "package 0 ends inside the server identifier");
  let serverId: string;
  try {
    serverId = new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(idStart, idStart + idLength));
  } catch {
    return fail("malformed", "package 0 server identifier is not UTF-8");
  }
  return {
    ok: true,
    value: {
      digest: new Uint8Array(buf.subarray(0, DIGEST_LENGTH)),
      header: {
        version: first >> 6,
        uiMode: UI_MODES[(first >> 4) & 0x3]!,
        initiator: (first >> 3) & 0x1 ? "server" : "client",
        sessionId: buf.readUInt16BE(DIGEST_LENGTH + 5),
        serverId,
      },
      body: new Uint8Array(buf.subarray(idStart + idLength)),
    },
  };
}

/**
 * Whether a package 1 SessionID (hex, no leading zeros per DM Notification) answers the session id
 * of a package 0; case-insensitive, and also true for the byte-swapped id libdmclient derives.
 */
export function sessionIdMatches(sessionIdText: string, sessionId: number): boolean {
  const text = sessionIdText.trim();
  if (!/^[0-9A-Fa-f]{1,4}$/.test(text)) return false;
  const value = parseInt(text, 16);
  const swapped = ((sessionId & 0xff) << 8) | (sessionId >> 8);
  return value === sessionId || value === swapped;
}

/** Parse and check the digest with the server->client credential; a wrong digest is an error. */
export function verifyPackage0(
  bytes: Uint8Array,
  credential: { password: string; nonce: Nonce },
): Result<Package0, NotificationError> {
  const parsed = parsePackage0(bytes);
  if (!parsed.ok) return parsed;
  const trigger = bytes.subarray(DIGEST_LENGTH);
  const expected = package0Digest(
    parsed.value.header.serverId,
    credential.password,
    credential.nonce,
    trigger,
  );
  const given = Buffer.from(parsed.value.digest).toString("base64");
  if (!constantTimeEqual(given, Buffer.from(expected).toString("base64"))) {
    return {
      ok: false,
      error: new NotificationError("digest", "package 0 digest does not match the credential"),
    };
  }
  return parsed;
}
