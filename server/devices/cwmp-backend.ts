// The database-backed implementation of the CWMP session port.
import type { SessionBackend } from "../cwmp/session/backend";
import { db } from "../db";
import { logger } from "../logger";
import { failSentTask, recordFailedAttempt } from "../tasks/attempts";
import { claimNextTaskOrRelease, completeTask } from "../tasks/service";
import { answerCpeRequest } from "./cpe-requests";
import { recordInform } from "./inform";
import { provisionAfterInform } from "./provisioning";
import { applyTaskResult } from "./task-effects";

export function createCwmpBackend(): SessionBackend {
  const log = logger("cwmp-backend");
  return {
    async credentialsFor(username) {
      const device = await db().device.findUnique({
        where: { cwmpUsername: username },
        select: { cwmpHa1: true, oui: true, productClass: true, serialNumber: true, manufacturer: true },
      });
      if (!device?.cwmpHa1) return null;
      return {
        ha1: device.cwmpHa1,
        deviceId: {
          oui: device.oui,
          productClass: device.productClass,
          serialNumber: device.serialNumber,
          manufacturer: device.manufacturer,
        },
      };
    },

    async beginSession(input) {
      const recorded = await recordInform(input);
      if (!recorded) return { status: "locked" };
      const codes = input.inform.events.map((e) => e.eventCode.trim());
      if (recorded.inserted || codes.includes("0 BOOTSTRAP") || codes.includes("8 DIAGNOSTICS COMPLETE")) {
        await provisionAfterInform(recorded.deviceId, input.inform, recorded.inserted, recorded.rootObject);
      }
      return { status: "ok", deviceId: recorded.deviceId };
    },

    answerCpeRequest,

    async completeTask(deviceId, taskId, result) {
      const stored = await completeTask(deviceId, taskId, result, (tx, request, response) =>
        applyTaskResult(tx, deviceId, request, response),
      );
      if (!stored)
        log.warn({ deviceId, taskId, answer: result.name }, "answer for a task that was not outstanding");
    },

    async failTask(deviceId, taskId, message) {
      await failSentTask(deviceId, taskId, message);
    },

    nextTaskOrRelease: claimNextTaskOrRelease,

    async abandonSession(deviceId, sessionId, reason, failed) {
      if (failed) await recordFailedAttempt(deviceId, failed.taskId, failed.message);
      await db().device.updateMany({
        where: { id: deviceId, sessionId },
        data: { sessionId: null, sessionExpires: null },
      });
      if (reason !== "timeout" && reason !== "shutdown") {
        await db().deviceFault.create({
          data: { deviceId, code: 8003, message: `session aborted: ${reason}`.slice(0, 500) },
        });
      }
    },
  };
}
