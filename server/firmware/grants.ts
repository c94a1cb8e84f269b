// Per-transfer credentials: each Download (or Upload) the ACS queues carries its own Username/Password
// in the RPC, valid for one device and one image (or one upload) until it expires. The file server
// refuses everything else, so an image URL leaked from a box fetches nothing. Only hashes are stored.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ha1 } from "../cwmp/transport/digest";
import { settings } from "../env";
import type { FileGrant, Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** The Digest realm of the file server (part of every stored HA1). */
export const FILE_REALM = "Vantage files";

export interface GrantInput {
  deviceId: number;
  purpose: "download" | "upload";
  imageId?: number;
  fileType?: string;
  expiresAt?: Date;
}

export interface IssuedGrant {
  grant: FileGrant;
  username: string;
  /** Only here, once: it goes into the task's request (sealed there) and nowhere else. */
  password: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export async function issueGrant(tx: Tx, input: GrantInput): Promise<IssuedGrant> {
  const username = `t${randomBytes(9).toString("hex")}`;
  const password = randomBytes(18).toString("base64url");
  const expiresAt = input.expiresAt ?? new Date(Date.now() + settings().FILE_GRANT_HOURS * 3_600_000);
  const grant = await tx.fileGrant.create({
    data: {
      username,
      ha1: ha1(username, FILE_REALM, password),
      passwordSha256: sha256(password),
      purpose: input.purpose,
      deviceId: input.deviceId,
      imageId: input.imageId,
      fileType: input.fileType ?? "",
      expiresAt,
    },
  });
  return { grant, username, password };
}

/** Links a grant to the task that carries it (known only once the task row exists). */
export async function attachGrant(tx: Tx, grantId: number, taskId: number): Promise<void> {
  await tx.fileGrant.update({ where: { id: grantId }, data: { taskId } });
}

/** Basic (over TLS only, the file server decides): the presented password against the stored hash. */
export function basicPasswordMatches(grant: Pick<FileGrant, "passwordSha256">, password: string): boolean {
  const a = Buffer.from(sha256(password), "hex");
  const b = Buffer.from(grant.passwordSha256, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
