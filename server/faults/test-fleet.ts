// Test support: a small fleet with faults and failed tasks across codes, task kinds, models, software
// versions and days, and the expected counts derived from the seed itself (in JS, not SQL).
import { db } from "../db";

export const NOW = new Date("2026-11-30T12:30:00Z");
const HOUR = 3_600_000;

export interface SeededFault {
  deviceId: number;
  task: string | null;
  code: number;
  at: Date;
}

const MODELS = [
  { manufacturer: "Acme", productClass: "STB-1", modelName: "Box One", softwareVersion: "1.0" },
  { manufacturer: "Acme", productClass: "STB-1", modelName: "Box One", softwareVersion: "2.0" },
  { manufacturer: "Zyx", productClass: "GW-9", modelName: "Gate", softwareVersion: "3.1" },
];
const TASKS = ["GetParameterValues", "SetParameterValues", "Reboot", null] as const;
const CODES = [9002, 9005, 0, 8003];

function requestFor(task: string) {
  if (task === "SetParameterValues")
    return {
      name: task,
      parameterList: [{ name: "Device.WiFi.SSID.1.SSID", value: "x", type: "string" }],
      parameterKey: "",
    };
  if (task === "Reboot") return { name: task, commandKey: "" };
  return { name: task, parameterNames: ["Device.DeviceInfo."] };
}

/** Seeds 9 devices and ~120 occurrences over 40 days (some outside every window, some in the future). */
export async function seedFleet(): Promise<{ faults: SeededFault[]; deviceIds: number[] }> {
  const deviceIds: number[] = [];
  for (let i = 0; i < 9; i++) {
    const model = MODELS[i % MODELS.length]!;
    const d = await db().device.create({ data: { oui: "00AA00", serialNumber: `F-${i}`, ...model } });
    deviceIds.push(d.id);
  }
  const faults: SeededFault[] = [];
  for (let n = 0; n < 120; n++) {
    const deviceId = deviceIds[(n * 7) % deviceIds.length]!;
    const task = TASKS[n % TASKS.length]!;
    const code = task === null ? 8003 : CODES[(n * 3) % 3]!;
    // Spread over 40 days back plus two hours into the future (never counted).
    const at = new Date(
      NOW.getTime() - ((n * 37) % (40 * 24)) * HOUR + (n % 11 === 0 ? 2 * HOUR : 0) - 60_000,
    );
    faults.push({ deviceId, task, code, at });
    if (task === null) {
      await db().deviceFault.create({ data: { deviceId, code, message: "session aborted", at } });
      continue;
    }
    const row = await db().task.create({
      data: {
        deviceId,
        name: task,
        request: requestFor(task),
        state: "fault",
        faultCode: code === 0 ? null : code,
        faultString: `fault ${code}`,
        completedAt: at,
      },
    });
    // Every fifth failed task has no DeviceFault row (an older row): counted once from the task.
    if (n % 5 !== 0)
      await db().deviceFault.create({ data: { deviceId, taskId: row.id, code, message: `${task}: x`, at } });
  }
  // Not faults: a done task and a queued one.
  await db().task.create({
    data: {
      deviceId: deviceIds[0]!,
      name: "Reboot",
      request: requestFor("Reboot"),
      state: "done",
      completedAt: NOW,
    },
  });
  await db().task.create({
    data: { deviceId: deviceIds[0]!, name: "Reboot", request: requestFor("Reboot") },
  });
  return { faults, deviceIds };
}

export async function resetFleet(): Promise<void> {
  await db().auditLog.deleteMany();
  await db().deviceFault.deleteMany();
  await db().task.deleteMany();
  await db().device.deleteMany();
}
