// FLUTE over a real multicast network (issue 15 §3): the sender's worker in this process sends on a
// bridge to three receiver namespaces, each receiver a separate process; one namespace drops 5 % of
// the packets (nftables, the kernel has no netem). Every receiver must end with the file and a correct
// MD5. Needs root and `ip netns`: skipped without them, except in CI where that fails the run.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFluteSender } from "../../server/flute/sender";
import type { FluteSender, FluteSenderOptions } from "../../server/flute/types";
import { createMulticastLab, type MulticastLab } from "../support/multicast-lab";
import { skipWithoutNetns } from "../support/netns";

const PORT = 4001;
const GROUP = "239.255.42.17";

describe.skipIf(skipWithoutNetns())("FLUTE multicast in network namespaces", () => {
  let lab: MulticastLab;
  let dir: string;
  let file: string;
  let md5: string;
  const senders: FluteSender[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "flute-"));
    file = path.join(dir, "image.bin");
    const data = randomBytes(1_500_000);
    writeFileSync(file, data);
    md5 = createHash("md5").update(data).digest("base64");
    lab = createMulticastLab("flm", 3, "10.251.77");
  });

  afterAll(async () => {
    await Promise.all(senders.map((s) => s.stop()));
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (over: Partial<FluteSenderOptions>): FluteSenderOptions => ({
    filePath: file,
    contentLocation: "http://acs.example/fw/image.bin",
    contentType: "application/octet-stream",
    md5,
    toi: 1,
    tsi: 4242,
    group: GROUP,
    port: PORT,
    ttl: 1,
    sourceAddress: lab.senderAddress,
    interfaceAddress: lab.senderAddress,
    version: 2,
    rateKbps: 20_000,
    symbolSize: 1428,
    maxBlockLength: 64,
    until: new Date(Date.now() + 60_000),
    allowedGroups: "239.255.42.0/24",
    maxRateKbps: 100_000,
    ...over,
  });

  const receiverArgs = (tsi: number, extra: string[] = []): string[] => [
    ...["--group", GROUP, "--port", String(PORT), "--tsi", String(tsi), "--toi", "1"],
    ...["--timeout-ms", "45000", ...extra],
  ];

  it("delivers the file to three receivers (one with 5 % loss), source-specific, FLUTE v2", async () => {
    lab.setLoss(2, 5, PORT);
    const runs = [0, 1, 2].map((i) =>
      lab.receive(i, receiverArgs(4242, ["--source", lab.senderAddress]), 50_000),
    );
    await Promise.all(runs.map((r) => r.joined));
    const sender = startFluteSender(options({}));
    senders.push(sender);
    const results = await Promise.all(runs.map((r) => r.result));
    for (const r of results) {
      expect(r).toMatchObject({
        ok: true,
        md5,
        md5Ok: true,
        size: 1_500_000,
        contentLocation: options({}).contentLocation,
      });
    }
    // The lossy receiver had to wait for symbols a later pass repeated.
    expect(results[2]!.passesSeen).toBeGreaterThanOrEqual(2);
    const stats = await sender.stop();
    // `passes` counts finished passes and `passesSeen` started ones: the receiver saw the second pass
    // begin, which the sender may not have finished when it is stopped. Its packets (1,051 symbols a
    // pass, and the FDT) show it sent more than one pass.
    expect(stats.passes).toBeGreaterThanOrEqual(Number(results[2]!.passesSeen) - 1);
    expect(stats.passes).toBeGreaterThanOrEqual(1);
    expect(stats.packetsSent).toBeGreaterThan(1_051 + 1);
    await expect(sender.done).resolves.toMatchObject({ passes: stats.passes });
  }, 90_000);

  it("delivers with FLUTE v1 to an any-source receiver, and paces to the rate", async () => {
    lab.setLoss(2, 0, PORT);
    const run = lab.receive(0, receiverArgs(7), 30_000);
    await run.joined;
    const started = Date.now();
    const sender = startFluteSender(options({ tsi: 7, version: 1, rateKbps: 8_000 }));
    senders.push(sender);
    expect(await run.result).toMatchObject({ ok: true, md5, md5Ok: true });
    await new Promise((r) => setTimeout(r, 3_000 - (Date.now() - started)));
    const stats = await sender.stop();
    const seconds = (Date.now() - stats.startedAt.getTime()) / 1000;
    const kbps = ((stats.bytesSent + 28 * stats.packetsSent) * 8) / 1000 / seconds;
    expect(kbps).toBeGreaterThan(8_000 * 0.85);
    expect(kbps).toBeLessThan(8_000 * 1.1);
  }, 60_000);

  it("a receiver whose namespace drops everything times out with code timeout", async () => {
    lab.setLoss(1, 100, PORT);
    const run = lab.receive(1, receiverArgs(9, ["--timeout-ms", "2500"]), 20_000);
    const sender = startFluteSender(options({ tsi: 9 }));
    senders.push(sender);
    expect(await run.result).toMatchObject({ ok: false, code: "timeout" });
    await sender.stop();
  }, 30_000);
});
