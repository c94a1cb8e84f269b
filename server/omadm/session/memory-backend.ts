// The session port in memory: accounts, a task queue with an attempts cap, and what the session
// reported, for the machine's tests and tools that run a DM server without a database. The same
// contract as server/mobile's database backend (nonces used once, tasks leave only when answered).
import type {
  DevInfoInput,
  DmAccount,
  DmBackend,
  DmCommandSpec,
  DmTaskOutcome,
  GenericAlert,
} from "./backend";

export interface MemoryTask {
  taskId: number;
  name: string;
  commands: DmCommandSpec[];
  state: "queued" | "sent" | "done" | "waiting" | "fault";
  attempts: number;
  outcome?: DmTaskOutcome;
  lastError?: string;
}

export class MemoryDmBackend implements DmBackend {
  readonly accounts = new Map<string, DmAccount>();
  readonly devices = new Map<string, { deviceId: number; values: Record<string, string> }>();
  readonly tasks: MemoryTask[] = [];
  readonly alerts: GenericAlert[] = [];
  private nextId = 1;

  constructor(readonly maxAttempts = 3) {}

  addAccount(devId: string, account: Omit<DmAccount, "deviceId">): number {
    const deviceId = this.nextId++;
    this.accounts.set(devId, { ...account, deviceId });
    this.devices.set(devId, { deviceId, values: {} });
    return deviceId;
  }

  queue(name: string, commands: DmCommandSpec[]): MemoryTask {
    const task: MemoryTask = { taskId: this.nextId++, name, commands, state: "queued", attempts: 0 };
    this.tasks.push(task);
    return task;
  }

  findAccount(devId: string): Promise<DmAccount | undefined> {
    const account = this.accounts.get(devId);
    return Promise.resolve(account ? { ...account } : undefined);
  }

  rotateClientNonce(account: DmAccount, used: string, next: string): Promise<boolean> {
    for (const stored of this.accounts.values()) {
      if (stored.deviceId !== account.deviceId) continue;
      if (stored.clientNonce !== used) return Promise.resolve(false);
      stored.clientNonce = next;
      return Promise.resolve(true);
    }
    return Promise.resolve(false);
  }

  setServerNonce(deviceId: number, nonce: string): Promise<void> {
    for (const stored of this.accounts.values()) if (stored.deviceId === deviceId) stored.serverNonce = nonce;
    return Promise.resolve();
  }

  recordDevInfo(input: DevInfoInput): Promise<number> {
    const device = this.devices.get(input.devId);
    if (!device) return Promise.reject(new Error(`no device ${input.devId}`));
    Object.assign(device.values, input.values);
    return Promise.resolve(device.deviceId);
  }

  nextTask(): Promise<{ taskId: number; name: string; commands: DmCommandSpec[] } | null> {
    for (const task of this.tasks) {
      if (task.state === "sent" && task.attempts >= this.maxAttempts) {
        task.state = "fault";
        task.lastError = `no answer after ${task.attempts} attempts`;
      }
    }
    const task = this.tasks.find((t) => t.state === "queued" || t.state === "sent");
    if (!task) return Promise.resolve(null);
    task.state = "sent";
    task.attempts++;
    return Promise.resolve({ taskId: task.taskId, name: task.name, commands: task.commands });
  }

  finishTask(_deviceId: number, taskId: number, outcome: DmTaskOutcome): Promise<void> {
    const task = this.tasks.find((t) => t.taskId === taskId);
    if (task && task.state === "sent") {
      task.outcome = outcome;
      task.state = outcome.kind;
    }
    return Promise.resolve();
  }

  abandonTask(_deviceId: number, taskId: number, reason: string): Promise<void> {
    const task = this.tasks.find((t) => t.taskId === taskId);
    if (task) task.lastError = reason;
    return Promise.resolve();
  }

  genericAlert(_deviceId: number, alert: GenericAlert): Promise<void> {
    this.alerts.push(alert);
    return Promise.resolve();
  }
}
