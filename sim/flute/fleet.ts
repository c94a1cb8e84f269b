// Many simulated FLUTE receivers behind one socket, for the benchmark: a namespace's packets are
// decoded once and offered to each receiver, which drops each packet on its own with probability
// `loss` (seeded, independent per receiver). Kernel loss from nftables acts per namespace, so all
// sockets of one namespace would lose the same packets; independent loss per receiver needs this.
// Receiver 0 keeps the bytes and checks Content-MD5; the others track symbols only (memory stays at
// one image per process, not one per receiver).
import { createHash } from "node:crypto";
import { decodeAlcPacket } from "../../server/flute/alc";
import { createRng, type Rng } from "../prng";
import { FluteSessionReceiver } from "./session";

export interface FleetOptions {
  receivers: number;
  /** Drop probability per packet and receiver, 0..1. */
  loss: number;
  seed: number;
  tsi: number;
  toi?: number;
  maxBytes: number;
}

export interface FleetResult {
  receivers: number;
  completed: number;
  /** ms from the first packet to each receiver's completion (completed ones only). */
  completionMs: number[];
  passes: number[];
  md5Ok: boolean;
  packets: number;
}

export class ReceiverFleet {
  private readonly members: { session: FluteSessionReceiver; rng: Rng; doneAt?: number }[];
  private firstPacketAt?: number;
  private completed = 0;
  private packets = 0;

  constructor(private readonly o: FleetOptions) {
    this.members = Array.from({ length: o.receivers }, (_, i) => ({
      session: new FluteSessionReceiver({
        tsi: o.tsi,
        maxBytes: o.maxBytes,
        store: i === 0,
        ...(o.toi !== undefined ? { toi: o.toi } : {}),
      }),
      rng: createRng(`${o.seed}/${i}`),
    }));
  }

  get done(): boolean {
    return this.completed === this.members.length;
  }

  handle(msg: Buffer): void {
    const r = decodeAlcPacket(msg, 1);
    if (!r.ok) return;
    const now = performance.now();
    this.firstPacketAt ??= now;
    this.packets++;
    for (const m of this.members) {
      if (m.doneAt !== undefined || m.rng.next() < this.o.loss) continue;
      if (m.session.handleDecoded(r.value) === "complete") {
        m.doneAt = now;
        this.completed++;
      }
    }
  }

  result(): FleetResult {
    const first = this.members[0]!.session;
    const md5Ok =
      first.assembly?.complete === true &&
      createHash("md5").update(first.assembly.result()).digest("base64") === first.file?.contentMd5;
    const done = this.members.filter((m) => m.doneAt !== undefined);
    return {
      receivers: this.members.length,
      completed: this.completed,
      completionMs: done.map((m) => Math.round(m.doneAt! - this.firstPacketAt!)),
      passes: done.map((m) => m.session.passesSeen),
      md5Ok,
      packets: this.packets,
    };
  }
}
