// The simulator's FLUTE receiver (issue 15 §3): joins the group (source-specific when the source is
// known), rebuilds the file the FDT names, checks Content-MD5, leaves. Bounded by timeoutMs and maxBytes.
import { createHash } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { isIP } from "node:net";
import {
  FluteReceiveError,
  type FluteReceiveOptions,
  type FluteReceiveResult,
  type FluteVersion,
} from "../../server/flute/types";
import { FluteSessionReceiver } from "./session";

export { FluteReceiveError };
export type { FluteReceiveOptions, FluteReceiveResult };

/** Kernel receive buffer asked for: a burst at 100 Mbit/s must not overflow it while a block is copied. */
const RECV_BUFFER = 4 * 1024 * 1024;

function join(socket: Socket, o: FluteReceiveOptions): void {
  if (o.source) socket.addSourceSpecificMembership(o.source, o.group, o.interfaceAddress);
  else socket.addMembership(o.group, o.interfaceAddress);
}

/** Beyond the shared options: `version` (how to read LCT's T/R bits), `onJoined` (after the membership is in place). */
export interface ReceiveExtras {
  version?: FluteVersion;
  onJoined?: () => void;
}

export function receiveFluteFile(o: FluteReceiveOptions & ReceiveExtras): Promise<FluteReceiveResult> {
  return new Promise((resolve, reject) => {
    const session = new FluteSessionReceiver({
      tsi: o.tsi,
      maxBytes: o.maxBytes,
      ...(o.toi !== undefined ? { toi: o.toi } : {}),
      ...(o.contentLocation !== undefined ? { contentLocation: o.contentLocation } : {}),
      ...(o.version !== undefined ? { version: o.version } : {}),
    });
    const socket = createSocket({ type: isIP(o.group) === 6 ? "udp6" : "udp4", reuseAddr: true });
    let finished = false;
    const finish = (err: FluteReceiveError | undefined, result?: FluteReceiveResult): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.removeAllListeners("message");
      try {
        socket.close();
      } catch {
        // already closed
      }
      if (err) reject(err);
      else resolve(result!);
    };
    const timer = setTimeout(() => {
      const got = session.assembly
        ? `${session.assembly.symbolsReceived}/${session.assembly.layout.symbols} symbols`
        : "no FDT describing the file";
      finish(new FluteReceiveError("timeout", `FLUTE receive timed out after ${o.timeoutMs} ms (${got})`));
    }, o.timeoutMs);

    socket.on("error", (err) =>
      finish(new FluteReceiveError("join", `FLUTE socket: ${err.message}`, { cause: err })),
    );
    socket.on("message", (msg, rinfo) => {
      if (o.source && rinfo.address !== o.source) return;
      const status = session.handle(msg);
      if (status === "too-large")
        finish(new FluteReceiveError("too-large", `file is larger than the limit of ${o.maxBytes} bytes`));
      if (status !== "complete") return;
      const data = session.assembly!.result();
      const expected = session.file!.contentMd5;
      const actual = createHash("md5").update(data).digest("base64");
      if (expected !== undefined && expected !== actual)
        return finish(
          new FluteReceiveError("md5", `Content-MD5 ${expected} but the file hashes to ${actual}`),
        );
      finish(undefined, {
        data,
        contentLocation: session.file!.contentLocation,
        md5Ok: expected !== undefined,
        packets: session.packets,
        duplicates: session.duplicates,
        passesSeen: session.passesSeen,
      });
    });
    // Bound to the group's port on every address; the membership picks what arrives.
    socket.bind({ port: o.port, address: isIP(o.group) === 6 ? "::" : "0.0.0.0" }, () => {
      try {
        socket.setRecvBufferSize(RECV_BUFFER);
      } catch {
        // capped by net.core.rmem_max: the default buffer still works at modest rates
      }
      try {
        join(socket, o);
        o.onJoined?.();
      } catch (err) {
        finish(new FluteReceiveError("join", `cannot join ${o.group}: ${String(err)}`, { cause: err }));
      }
    });
  });
}
