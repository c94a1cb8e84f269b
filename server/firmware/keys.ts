// Originator keys the administrator trusts: an image signed by one of them (and not revoked) is
// installable. Revoking keeps the row (images it signed still name it) but stops it verifying uploads.
import { recordAudit } from "../audit/service";
import { AppError } from "../core/app-error";
import type { Actor } from "../core/actor";
import { db } from "../db";
import { parsePublicKey } from "./signature";

export interface KeyView {
  id: number;
  name: string;
  algorithm: string;
  fingerprint: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  images: number;
}

export async function listKeys(): Promise<KeyView[]> {
  const rows = await db().firmwareKey.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      name: true,
      algorithm: true,
      fingerprint: true,
      createdBy: true,
      createdAt: true,
      revokedAt: true,
      _count: { select: { images: true } },
    },
  });
  return rows.map(({ _count, ...k }) => ({ ...k, images: _count.images }));
}

export async function trustKey(actor: Actor, input: { name: string; pem: string }): Promise<KeyView> {
  const parsed = parsePublicKey(input.pem);
  if ("error" in parsed) throw new AppError("invalid_input", `Key: ${parsed.error}`);
  return db().$transaction(async (tx) => {
    const same = await tx.firmwareKey.findFirst({
      where: { OR: [{ fingerprint: parsed.fingerprint }, { name: input.name }] },
      select: { name: true, fingerprint: true },
    });
    if (same?.fingerprint === parsed.fingerprint)
      throw new AppError("conflict", `This key is already trusted as "${same.name}"`);
    if (same) throw new AppError("conflict", `A key named "${input.name}" exists already`);
    const key = await tx.firmwareKey.create({
      data: { name: input.name, ...parsed, createdBy: actor.username },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "firmware.key.trust",
      target: input.name,
      after: { id: key.id, algorithm: key.algorithm, fingerprint: key.fingerprint },
    });
    const { publicKey: _pem, ...view } = key;
    return { ...view, images: 0 };
  });
}

export async function revokeKey(actor: Actor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const key = await tx.firmwareKey.findUnique({ where: { id } });
    if (!key) throw new AppError("not_found", `No key #${id}`);
    if (key.revokedAt) return;
    await tx.firmwareKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "firmware.key.revoke",
      target: key.name,
      before: { fingerprint: key.fingerprint },
    });
  });
}
