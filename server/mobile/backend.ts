// The OMA DM session port (server/omadm/session/backend.ts) against the database.
import type { DmBackend } from "../omadm/session/backend";
import { ensureBootstrapAccount, findAccount, rotateClientNonce, setServerNonce } from "./accounts";
import { abandonTask, finishTask, genericAlert, nextTask } from "./dm-tasks";
import { takeSession } from "./session-lock";
import { recordDevInfo } from "./identity";
import { insertDmTask } from "./queue";
import { db } from "../db";

const BOOTSTRAP_NONCES_MAX = 1000;

export function createDmBackend(): DmBackend {
  // A bootstrap account does not exist while package 1 is checked: the nonce issued with its 212
  // waits here for the account created right after (same message, same process).
  const bootstrapNonces = new Map<string, string>();
  return {
    findAccount,
    async rotateClientNonce(account, used, next) {
      if (account.deviceId === undefined) {
        if (bootstrapNonces.size >= BOOTSTRAP_NONCES_MAX) bootstrapNonces.clear();
        bootstrapNonces.set(account.clientUsername, next);
      }
      return rotateClientNonce(account, used, next);
    },
    setServerNonce,
    async recordDevInfo(input) {
      let deviceId = input.account.deviceId;
      if (deviceId === undefined) {
        const nonce = bootstrapNonces.get(input.account.clientUsername) ?? "";
        bootstrapNonces.delete(input.account.clientUsername);
        deviceId = await ensureBootstrapAccount(input.account, nonce);
      }
      const device = await db().device.findUnique({
        where: { id: deviceId },
        select: { softwareVersion: true },
      });
      await recordDevInfo(deviceId, input);
      await takeSession(deviceId, input.sessionToken);
      // The list shows the firmware version, which DevInfo does not carry: read it at first contact.
      if (device && device.softwareVersion === "") await queueFirmwareRead(deviceId);
      return deviceId;
    },
    nextTask,
    finishTask,
    abandonTask,
    genericAlert,
  };
}

async function queueFirmwareRead(deviceId: number): Promise<void> {
  const pending = await db().task.count({
    where: {
      deviceId,
      protocol: "omadm",
      name: "DmGet",
      state: { in: ["queued", "sent"] },
      request: { path: ["uri"], equals: "./DevDetail/FwV" },
    },
  });
  if (pending > 0) return;
  await db().$transaction((tx) =>
    insertDmTask(tx, deviceId, { name: "DmGet", uri: "./DevDetail/FwV" }, { createdBy: "system" }),
  );
}
