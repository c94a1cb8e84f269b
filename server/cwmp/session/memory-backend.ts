// An in-memory session backend for the engine and transport tests: one device per serial, a lock
// with a holder, a task queue, and a journal of every call so tests can assert what was recorded.
import type { AcsRequest } from "../soap/types";
import type { BeginSessionResult, FailedAttempt, NextTask, SessionBackend } from "./backend";

export type BackendCall =
  | { call: "begin"; serial: string; sessionId: string; result: BeginSessionResult["status"] }
  | { call: "complete"; taskId: number; answer: string }
  | { call: "fail"; taskId: number; message: string }
  | { call: "next"; taskId: number | null }
  | { call: "abandon"; sessionId: string; reason: string; failed?: FailedAttempt };

export class MemoryBackend implements SessionBackend {
  readonly calls: BackendCall[] = [];
  /** Session id holding each device's lock. */
  readonly locks = new Map<number, string>();
  private readonly devices = new Map<string, number>();
  private readonly queue: NextTask[] = [];
  private nextTaskId = 1;
  /** When false, beginSession reports a locked device without naming the holder (another process). */
  reportHolder = true;
  /** Lock holders recorded as sessions of this node (as Device.sessionOwner would say). */
  readonly heldByThisNode = new Set<string>();

  queueTask(request: AcsRequest): number {
    const taskId = this.nextTaskId++;
    this.queue.push({ taskId, request });
    return taskId;
  }

  credentialsFor(): Promise<null> {
    return Promise.resolve(null);
  }

  /** Highest nonce-count seen per nonce (the database keeps the same in DigestNonce). */
  private readonly nonces = new Map<string, number>();

  recordNonceUse(nonce: string, nc: number): Promise<boolean> {
    const last = this.nonces.get(nonce);
    if (last !== undefined && last >= nc) return Promise.resolve(false);
    this.nonces.set(nonce, nc);
    return Promise.resolve(true);
  }

  beginSession(input: Parameters<SessionBackend["beginSession"]>[0]): Promise<BeginSessionResult> {
    const serial = input.inform.deviceId.serialNumber;
    const deviceId = this.devices.get(serial) ?? this.devices.size + 1;
    this.devices.set(serial, deviceId);
    const holder = this.locks.get(deviceId);
    const result: BeginSessionResult =
      holder === undefined || holder === input.sessionId || holder === input.staleHolder
        ? { status: "ok", deviceId }
        : this.reportHolder
          ? { status: "locked", holder, holderOnThisNode: this.heldByThisNode.has(holder) }
          : { status: "locked" };
    if (result.status === "ok") this.locks.set(deviceId, input.sessionId);
    this.calls.push({ call: "begin", serial, sessionId: input.sessionId, result: result.status });
    return Promise.resolve(result);
  }

  answerCpeRequest(): Promise<{ name: "GetRPCMethodsResponse"; methodList: string[] }> {
    return Promise.resolve({ name: "GetRPCMethodsResponse", methodList: [] });
  }

  completeTask(_deviceId: number, taskId: number, result: { name: string }): Promise<void> {
    this.calls.push({ call: "complete", taskId, answer: result.name });
    return Promise.resolve();
  }

  failTask(_deviceId: number, taskId: number, message: string): Promise<void> {
    this.calls.push({ call: "fail", taskId, message });
    return Promise.resolve();
  }

  nextTaskOrRelease(deviceId: number, sessionId: string): Promise<NextTask | null> {
    const next = this.queue.shift() ?? null;
    if (!next && this.locks.get(deviceId) === sessionId) this.locks.delete(deviceId);
    this.calls.push({ call: "next", taskId: next?.taskId ?? null });
    return Promise.resolve(next);
  }

  abandonSession(deviceId: number, sessionId: string, reason: string, failed?: FailedAttempt): Promise<void> {
    if (this.locks.get(deviceId) === sessionId) this.locks.delete(deviceId);
    this.calls.push(
      failed ? { call: "abandon", sessionId, reason, failed } : { call: "abandon", sessionId, reason },
    );
    return Promise.resolve();
  }
}
