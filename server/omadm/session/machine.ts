// The OMA DM session state machine (SyncML DM 1.2 packages, docs/domain.md §5.2). One transition
// function, handleMessage: (state, client message) -> (state, server message). Named phases (state.ts):
//
//   (none) --package 1 (Alert 1200/1201)--> auth check --ok--> commands   (Status 212 + Chal, Cred)
//                                                      --fail--> auth     (Status 401/407 + Chal)
//   auth --package 1 with Cred--> as above; config.maxAuthFailures failures --> ended
//   commands --package 3 (Status/Results)--> commands (next command set) | ended (Final, no commands)
//   any --package 1 again (new session start)--> the task in flight is abandoned, auth check again
//   any --Alert 1223 / message cap--> ended
//
// The rule "no new commands while the client has not returned Status for every command of the
// previous message" is enforced here: commands are issued only when nothing is outstanding and no
// Results chunk is incomplete. A client message with Final (or Alert 1222) that leaves commands
// unanswered ends their task as a fault (never a hang); one without Final gets Alert 1222 and no
// commands. Every task taken is finished or abandoned (repeated next session up to the attempts cap).
import { md5Credential, AUTH_TYPES } from "../auth";
import { itemText, type SyncMLMessage, type SyncmlEncoding } from "../syncml";
import { authenticate, nonceBytes } from "./auth-check";
import type { DmAccount, DmBackend } from "./backend";
import { genericAlerts, note, readClientCommands, refuseCommand, SESSION_START_ALERTS } from "./incoming";
import { issueCommands } from "./issue";
import { newReply, nextCmdId, statusOf, toMessage, type Reply } from "./outgoing";
import { taskOutcome, taskSettled } from "./outcome";
import { DEFAULT_CLIENT_MAX_MSG_SIZE, type DmSessionConfig, type DmSessionState } from "./state";

/** Messages per session: a client that never stops asking ends here. */
export const MAX_SERVER_MESSAGES = 1000;
/** Tasks one message may go through when each fails before sending (MaxObjSize ...). */
const MAX_TASKS_PER_MESSAGE = 20;

export interface DmInput {
  message: SyncMLMessage;
  /** the raw body (HMAC is computed over it) */
  body: Uint8Array;
  hmacHeader?: string;
  encoding: SyncmlEncoding;
  remoteAddress: string;
}

export interface DmTransition {
  state: DmSessionState;
  reply: SyncMLMessage;
}

export function isSessionStart(message: SyncMLMessage): boolean {
  return message.body.commands.some((c) => c.kind === "Alert" && SESSION_START_ALERTS.includes(c.code));
}

function freshState(token: string, input: DmInput): DmSessionState {
  const header = input.message.header;
  return {
    phase: "auth",
    token,
    sessionId: header.sessionId,
    devId: header.source.locUri,
    encoding: input.encoding,
    serverMsgId: 0,
    clientMsgId: header.msgId,
    authFailures: 0,
    serverCredSent: false,
    clientMaxMsgSize: header.meta?.maxMsgSize ?? DEFAULT_CLIENT_MAX_MSG_SIZE,
    ...(header.meta?.maxObjSize !== undefined ? { clientMaxObjSize: header.meta.maxObjSize } : {}),
    outstanding: [],
    notes: [],
  };
}

function hdrStatus(
  state: DmSessionState,
  reply: Reply,
  config: DmSessionConfig,
  code: number,
  chal?: { type: string; nonce: string },
) {
  statusOf(reply, state.clientMsgId, "0", "SyncHdr", code, {
    targetRefs: [config.serverUrl],
    sourceRefs: [state.devId],
    ...(chal ? { chal: { meta: { type: chal.type, format: "b64", nextNonce: chal.nonce } } } : {}),
  });
}

function serverCred(account: DmAccount) {
  const data = md5Credential(account.serverId, account.serverPassword, nonceBytes(account.serverNonce));
  return { meta: { type: AUTH_TYPES.md5, format: "b64" }, data };
}

async function abandonInFlight(state: DmSessionState, backend: DmBackend, reason: string): Promise<void> {
  if (state.task && state.deviceId !== undefined)
    await backend.abandonTask(state.deviceId, state.task.taskId, reason);
  state.task = undefined;
  state.outstanding = [];
  state.outgoing = undefined;
  state.incoming = undefined;
}

async function package1(
  state: DmSessionState,
  input: DmInput,
  config: DmSessionConfig,
  backend: DmBackend,
  reply: Reply,
) {
  const account = await backend.findAccount(state.devId);
  const verdict = await authenticate(
    {
      message: input.message,
      hmacHeader: input.hmacHeader,
      body: input.body,
      account,
      allowBasic: config.allowBasic,
    },
    backend,
  );
  if (!verdict.ok) {
    state.authFailures++;
    note(state, `authentication failed: ${verdict.reason}`);
    hdrStatus(state, reply, config, verdict.code, { type: verdict.authType, nonce: verdict.nextNonce });
    state.phase = state.authFailures >= config.maxAuthFailures ? "ended" : "auth";
    return;
  }
  if (!account) return; // authenticate() accepts no one without an account
  hdrStatus(state, reply, config, 212, { type: verdict.authType, nonce: verdict.nextNonce });
  state.authType = verdict.authType;
  const values: Record<string, string> = {};
  for (const c of input.message.body.commands) {
    if (c.kind !== "Replace") continue;
    for (const item of c.items.slice(0, 200)) {
      const uri = item.source?.locUri ?? item.target?.locUri;
      if (uri) values[uri] = (itemText(item) ?? "").slice(0, 1024);
    }
  }
  state.deviceId = await backend.recordDevInfo({
    devId: state.devId,
    values,
    encoding: input.encoding,
    remoteAddress: input.remoteAddress,
    account,
    sessionToken: state.token,
  });
  state.phase = "commands";
  reply.cred = serverCred(account);
  state.serverCredSent = true;
  for (const c of input.message.body.commands) {
    if (c.kind === "Alert") {
      if (c.code === 1226) await genericAlerts(state.deviceId, c, backend);
      statusOf(reply, state.clientMsgId, c.cmdId, "Alert", 200);
    } else if (c.kind === "Replace") statusOf(reply, state.clientMsgId, c.cmdId, "Replace", 200);
    else refuseCommand(state, c, reply);
  }
}

/** Finish settled tasks and take the next ones until a command set is in the message or none is left. */
async function issueNext(state: DmSessionState, config: DmSessionConfig, backend: DmBackend, reply: Reply) {
  const deviceId = state.deviceId!;
  for (let i = 0; i < MAX_TASKS_PER_MESSAGE; i++) {
    if (state.task && taskSettled(state.task, state.outstanding.length, state.incoming !== undefined)) {
      await backend.finishTask(deviceId, state.task.taskId, taskOutcome(state.task));
      state.task = undefined;
      state.outgoing = undefined;
    }
    if (!state.task) {
      const next = await backend.nextTask(deviceId, state.token);
      if (!next) {
        state.phase = "ended";
        return;
      }
      const n = next.commands.length;
      state.task = {
        ...next,
        next: 0,
        statuses: new Array<null>(n).fill(null),
        results: new Array<null>(n).fill(null),
      };
      if (n === 0) {
        await backend.finishTask(deviceId, next.taskId, {
          kind: "fault",
          code: 0,
          message: "task has no commands",
          answers: [],
        });
        state.task = undefined;
        continue;
      }
    }
    const issued = issueCommands(state, config, reply);
    if (!issued.ok) {
      await backend.finishTask(deviceId, state.task.taskId, {
        kind: "fault",
        code: issued.code,
        message: issued.message,
        answers: [],
      });
      state.task = undefined;
      state.outgoing = undefined;
      continue;
    }
    if (reply.commands.length > 0) return;
  }
  reply.final = false; // more tasks than this message may go through: the client asks again (1222)
}

async function package3(
  state: DmSessionState,
  input: DmInput,
  config: DmSessionConfig,
  backend: DmBackend,
  reply: Reply,
) {
  const signals = await readClientCommands(state, config, input.message, reply, backend);
  if (signals.abort) {
    await abandonInFlight(state, backend, "client aborted the session (Alert 1223)");
    state.phase = "ended";
    return;
  }
  const complete = input.message.body.final || signals.wantsNext;
  if (!complete) {
    // The client's package continues in its next message: ask for it, send nothing new.
    reply.alerts.push({ kind: "Alert", cmdId: nextCmdId(reply), code: 1222, items: [] });
    reply.final = false;
    return;
  }
  for (const missing of state.outstanding)
    note(state, `no Status for ${missing.spec.kind} ${missing.spec.uri} (CmdID ${missing.cmdId})`);
  state.outstanding = [];
  if (state.incoming && input.message.body.final) {
    if (state.task) state.task.statuses[state.incoming.index] = 412;
    state.incoming = undefined;
  }
  if (state.incoming) {
    reply.final = false; // the Results chunk continues: the client sends its next chunk
    return;
  }
  await issueNext(state, config, backend, reply);
}

/**
 * One client message. `state` is the session's stored state (undefined for a new session); `token`
 * names it in RespURI. Never throws for protocol reasons: misbehaviour is answered with a Status.
 */
export async function handleMessage(
  state: DmSessionState | undefined,
  token: string,
  input: DmInput,
  config: DmSessionConfig,
  backend: DmBackend,
): Promise<DmTransition> {
  const reply = newReply();
  let s: DmSessionState;
  if (!state || isSessionStart(input.message)) {
    if (state) await abandonInFlight(state, backend, "client started a new session instead of answering");
    s = {
      ...freshState(token, input),
      authFailures: state?.authFailures ?? 0,
      serverMsgId: state?.serverMsgId ?? 0,
    };
    s.serverMsgId++;
    await package1(s, input, config, backend, reply);
    if (s.phase === "commands") await issueNext(s, config, backend, reply);
  } else {
    s = state;
    s.clientMsgId = input.message.header.msgId;
    s.serverMsgId++;
    hdrStatus(s, reply, config, 200);
    if (s.phase !== "commands") {
      // Package 1 was refused and the client did not send it again: nothing to talk about.
      s.phase = "ended";
    } else if (s.serverMsgId > MAX_SERVER_MESSAGES) {
      await abandonInFlight(s, backend, `session exceeded ${MAX_SERVER_MESSAGES} messages`);
      s.phase = "ended";
    } else {
      await package3(s, input, config, backend, reply);
    }
  }
  if (s.phase === "ended") {
    reply.commands = [];
    reply.final = true;
  }
  return { state: s, reply: toMessage(s, config, reply) };
}
