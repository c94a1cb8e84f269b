// DMAcc accounts of mobiles (model OmaDmAccount): created by an operator action or a seed (the
// passwords are returned once, then only kept sealed), or, in development, at a mobile's first
// contact when it authenticates with OMADM_DEFAULT_CLIENT_PASSWORD. Nonces both ways: clientNonce is
// issued by this server and used once by the client (rotated with a compare-and-set, so a replayed
// message finds it gone); serverNonce is the one the client issued for the server's credential.
import { randomBytes } from "node:crypto";
import { AUTH_TYPES } from "../omadm/auth";
import type { DmAccount } from "../omadm/session/backend";
import { db } from "../db";
import { settings } from "../env";
import { openSecret, sealSecret } from "../secrets-file";
import type { Prisma } from "../generated/prisma/client";
import { mobileIdentity } from "./identity";

type Tx = Prisma.TransactionClient;

export interface NewAccountInput {
  devId: string;
  clientPassword?: string;
  serverPassword?: string;
  authType?: string;
  notifyAddress?: string;
}

export interface IssuedAccount {
  deviceId: number;
  clientUsername: string;
  /** Shown once: the client's DMAcc CLCRED secret */
  clientPassword: string;
  /** Shown once: the client's DMAcc SRVCRED secret (also signs package 0) */
  serverPassword: string;
  serverId: string;
}

const password = () => randomBytes(18).toString("base64url");

/** The mobile's device row (kind MOBILE, protocol omadm) and its account, in the caller's transaction. */
export async function createAccount(tx: Tx, input: NewAccountInput): Promise<IssuedAccount> {
  const clientPassword = input.clientPassword ?? password();
  const serverPassword = input.serverPassword ?? password();
  const identity = mobileIdentity(input.devId);
  const device = await tx.device.upsert({
    where: { oui_productClass_serialNumber: identity },
    create: { ...identity, manufacturer: "", kind: "MOBILE", protocol: "omadm" },
    update: {},
    select: { id: true, protocol: true },
  });
  const serverId = settings().OMADM_SERVER_ID;
  const data = {
    serverId,
    clientUsername: input.devId,
    clientPasswordSealed: sealSecret(clientPassword),
    serverPasswordSealed: sealSecret(serverPassword),
    clientNonce: "",
    serverNonce: "",
    authType: input.authType ?? AUTH_TYPES.md5,
    notifyAddress: input.notifyAddress ?? null,
  };
  await tx.omaDmAccount.upsert({
    where: { deviceId: device.id },
    create: { deviceId: device.id, ...data },
    update: data,
  });
  return { deviceId: device.id, clientUsername: input.devId, clientPassword, serverPassword, serverId };
}

export async function findAccount(devId: string): Promise<DmAccount | undefined> {
  const row = await db().omaDmAccount.findUnique({ where: { clientUsername: devId } });
  if (row) {
    return {
      deviceId: row.deviceId,
      clientUsername: row.clientUsername,
      clientPassword: openSecret(row.clientPasswordSealed),
      clientNonce: row.clientNonce,
      serverId: row.serverId,
      serverPassword: openSecret(row.serverPasswordSealed),
      serverNonce: row.serverNonce,
      authType: row.authType,
    };
  }
  const bootstrap = settings().OMADM_DEFAULT_CLIENT_PASSWORD;
  if (!bootstrap || devId === "" || devId.length > 128) return undefined;
  // Dev bootstrap: the account the mobile would get; created once it has authenticated with it.
  return {
    clientUsername: devId,
    clientPassword: bootstrap,
    clientNonce: "",
    serverId: settings().OMADM_SERVER_ID,
    serverPassword: bootstrap,
    serverNonce: "",
    authType: AUTH_TYPES.md5,
  };
}

export async function rotateClientNonce(account: DmAccount, used: string, next: string): Promise<boolean> {
  if (account.deviceId === undefined) return true; // bootstrap: the account is created with a fresh one
  const { count } = await db().omaDmAccount.updateMany({
    where: { deviceId: account.deviceId, clientNonce: used },
    data: { clientNonce: next },
  });
  return count === 1;
}

export async function setServerNonce(deviceId: number, nonce: string): Promise<void> {
  await db().omaDmAccount.updateMany({ where: { deviceId }, data: { serverNonce: nonce.slice(0, 256) } });
}

/** The bootstrap account of a mobile that just authenticated with the default password. */
export async function ensureBootstrapAccount(account: DmAccount, nextNonce: string): Promise<number> {
  return db().$transaction(async (tx) => {
    const issued = await createAccount(tx, {
      devId: account.clientUsername,
      clientPassword: account.clientPassword,
      serverPassword: account.serverPassword,
    });
    await tx.omaDmAccount.update({ where: { deviceId: issued.deviceId }, data: { clientNonce: nextNonce } });
    return issued.deviceId;
  });
}
