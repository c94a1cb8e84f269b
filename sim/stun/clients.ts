// The fleet's STUN clients: one per device whose ManagementServer.STUNEnable is true, started, refreshed
// or stopped when its STUN settings change (sim/effects.ts), all closed when the fleet stops.
import type { SimDevice } from "../device";
import { StunClient, type StunCounters } from "./client";

export interface StunClientsOptions {
  /** the address the devices' UDP connection-request sockets bind to (the fleet's cr-host) */
  host: string;
  timeScale: number;
  assumeNat?: boolean;
  log?: { debug(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
  /** the device accepted a UDP connection request */
  onConnectionRequest(device: SimDevice): void;
}

export class StunClients {
  readonly counters: StunCounters = {
    requests: 0,
    answers: 0,
    unauthorized: 0,
    bindingChanges: 0,
    udpAccepted: 0,
    udpIgnored: 0,
  };
  private readonly clients = new Map<SimDevice, StunClient>();
  // One change at a time per device: starting binds a socket (async), a second change waits for it.
  private readonly queue = new Map<SimDevice, Promise<void>>();
  private stopped = false;

  constructor(private readonly o: StunClientsOptions) {}

  client(device: SimDevice): StunClient | undefined {
    return this.clients.get(device);
  }

  /** Brings the device's client in line with its STUNEnable (and re-requests on other changes). */
  sync(device: SimDevice): Promise<void> {
    const next = (this.queue.get(device) ?? Promise.resolve()).then(() => this.apply(device));
    const settled = next.catch((err: unknown) =>
      this.o.log?.info({ serial: device.serial, err: (err as Error).message }, "stun client failed"),
    );
    this.queue.set(device, settled);
    return settled;
  }

  private async apply(device: SimDevice): Promise<void> {
    const enabled = device.ms("STUNEnable") === "true" && !this.stopped;
    const running = this.clients.get(device);
    if (running && enabled) return running.refresh();
    if (running) {
      this.clients.delete(device);
      return running.stop();
    }
    if (!enabled) return;
    const client = new StunClient(device, {
      host: this.o.host,
      timeScale: this.o.timeScale,
      assumeNat: this.o.assumeNat,
      counters: this.counters,
      log: this.o.log,
      onConnectionRequest: () => this.o.onConnectionRequest(device),
    });
    this.clients.set(device, client);
    await client.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.queue.values()]);
    await Promise.all([...this.clients.values()].map((c) => c.stop()));
    this.clients.clear();
  }
}
