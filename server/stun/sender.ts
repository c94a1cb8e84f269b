// The process's STUN socket as a sender of UDP connection requests (udp-wake.ts). A process slot: the
// service registers it, the wake path (possibly another module copy) reads it. Absent when this
// process runs no STUN listener; the wake then falls back to HTTP.
import { processSlot } from "../core/process-slot";
import type { StunServer } from "./server";

type Sender = Pick<StunServer, "send">;
const slot = processSlot<{ sender: Sender }>("stunSender");

export function setStunSender(sender: Sender): () => void {
  slot.sender = sender;
  return () => {
    if (slot.sender === sender) delete slot.sender;
  };
}

export const stunSender = (): Sender | undefined => slot.sender;
