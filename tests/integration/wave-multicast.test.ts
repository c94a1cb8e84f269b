// A multicast firmware wave end to end on a real network (issue 15 §2): the ACS in the root namespace
// sends its FLUTE carousel on the lab's bridge, the simulated fleet runs as a process inside a lab
// namespace (its boxes join the group, rebuild the image, check MD5 and the signature, reboot into it).
// Two boxes cannot join (fw-fail multicast_join): they fault 9014, are retried once over HTTP and are
// verified too. Needs root and `ip netns`: skipped without them, except in CI where it fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { createWave, pauseWaveNow, resumeWave } from "../../server/firmware/waves/actions";
import { waveMulticast } from "../../server/firmware/multicast/queries";
import { addTestImage } from "../support/firmware";
import { adminActor } from "../support/fleet";
import { createMulticastLab, type MulticastLab } from "../support/multicast-lab";
import { skipWithoutNetns } from "../support/netns";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const SKIP = skipWithoutNetns();
const DEVICES = 6;
const SUBNET = "10.251.77";
const FLUTE_PORT = 4077;
const IMAGE_BYTES = 400_000;

let mlab: MulticastLab | undefined;
let server: TestServer | undefined;

describe.skipIf(SKIP)("multicast wave in network namespaces", () => {
  beforeAll(async () => {
    mlab = createMulticastLab("vwm", 1, SUBNET);
    const sender = mlab.senderAddress;
    const box = mlab.receivers[0]!;
    server = await startTestServer({
      // Listeners on the bridge: the fleet's namespace reaches the CWMP and file servers there.
      HOST: sender,
      CONNECTION_REQUEST_ALLOWED_NETWORKS: `${SUBNET}.0/24`,
      FLUTE_SOURCE_ADDRESS: sender,
      FLUTE_INTERFACE_ADDRESS: sender,
      FLUTE_GROUPS: "239.255.77.0/24",
      FLUTE_PORT: String(FLUTE_PORT),
      FLUTE_RATE_MBPS: "20",
    });
    mlab.lab.spawn(box.ns, process.execPath, [
      "--import",
      "tsx",
      "sim/main.ts",
      ...["--acs", server.cwmpUrl, "--devices", String(DEVICES), "--seed", "21"],
      ...["--cr-host", box.address, "--retry-scale", "0.01", "--log-level", "warn"],
      ...[
        "--fw-fail",
        "multicast_join=0.34",
        "--fw-multicast-if",
        box.address,
        // A box cut off by the pause test gives up after this; one that hears the carousel is done in ~1 s.
        "--fw-multicast-timeout",
        "12",
      ],
    ]);
    await waitFor(
      async () =>
        (await db().device.count({ where: { lastInform: { informedAt: { not: null } } } })) === DEVICES,
      60_000,
      250,
    );
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await mlab?.close();
  }, 60_000);

  it("sends the image once per pass to every box; boxes that cannot join fall back to HTTP", async () => {
    const image = await addTestImage({ version: "77.1.0", size: IMAGE_BYTES });
    const { id } = await createWave(await adminActor(), {
      name: "multicast autumn",
      imageId: image.id,
      filter: {},
      delivery: "multicast",
      plan: {
        canary: { count: 1 },
        stages: [{ percent: 100 }],
        waitMinutes: 0,
        maxConcurrent: 50,
        perMinute: 1000,
        verifyMinutes: 5,
      },
      start: true,
    });
    // Bounded: the wave's devices are verified (or the wave pauses on failures) within two minutes.
    const wave = await waitFor(
      async () => {
        const w = await db().wave.findUniqueOrThrow({ where: { id } });
        return w.state === "running" ? null : w;
      },
      120_000,
      500,
    );
    expect(wave.state).toBe("done");

    const rows = await db().waveDevice.findMany({ where: { waveId: id }, include: { device: true } });
    expect(rows).toHaveLength(DEVICES);
    expect(rows.every((r) => r.state === "verified")).toBe(true);
    expect(rows.every((r) => r.device.softwareVersion === "77.1.0")).toBe(true);
    const byDelivery = (d: string) => rows.filter((r) => r.delivery === d).length;
    expect(byDelivery("multicast")).toBe(DEVICES - 2);
    expect(byDelivery("http")).toBe(2);

    // The multicast attempts of the two boxes faulted 9014 and are kept on their tasks.
    const failed = await db().task.findMany({
      where: { batchId: `wave-${id}`, state: "fault" },
      select: { faultCode: true, request: true, deviceId: true },
    });
    expect(failed).toHaveLength(2);
    expect(failed.every((t) => t.faultCode === 9014)).toBe(true);
    expect(failed.every((t) => String((t.request as { url?: string }).url).startsWith("flute://"))).toBe(
      true,
    );
    // The fallback Downloads went to the file server with per-device credentials.
    const http = await db().task.findMany({
      where: { batchId: `wave-${id}`, deviceId: { in: failed.map((t) => t.deviceId) }, state: "done" },
    });
    expect(http.map((t) => (t.request as { url: string; username: string }).url)).toEqual([
      expect.stringMatching(/^http:\/\/10\.251\.77\.1:\d+\/images\//),
      expect.stringMatching(/^http:\/\/10\.251\.77\.1:\d+\/images\//),
    ]);

    // The carousel: ended with the wave, passes counted, bytes ≈ image × passes (plus headers and FDTs).
    // The runner stops the sender at its next tick (every 2 s) after the wave ends the session, and
    // writes its last figures with senderEndedAt: only then are they final.
    const session = await waitFor(
      () =>
        db().fluteSession.findFirst({
          where: { waveId: id, state: "done", senderEndedAt: { not: null } },
        }),
      10_000,
      200,
    );
    expect(session).toMatchObject({ state: "done", groupAddress: "239.255.77.1", port: FLUTE_PORT });
    expect(session.passes).toBeGreaterThanOrEqual(1);
    const bytes = Number(session.bytesSent);
    expect(bytes).toBeGreaterThanOrEqual(IMAGE_BYTES * session.passes);
    expect(bytes).toBeLessThan(IMAGE_BYTES * (session.passes + 1) * 1.2);
    expect(session.leaseUntil).toBeNull();

    const panel = await waveMulticast(id);
    expect(panel).toMatchObject({ completed: DEVICES - 2, fellBack: 2, fellBackVerified: 2, receiving: 0 });
    expect(panel.session).toMatchObject({ state: "done", group: "239.255.77.1", passes: session.passes });
    expect(panel.reasons).toHaveLength(1);
    expect(panel.reasons[0]).toMatchObject({ faultCode: 9014, count: 2 });
    expect(panel.reasons[0]!.reason).toMatch(/cannot join multicast group/);
  }, 180_000);

  it("stops the carousel when the wave pauses and restarts the same session on resume", async () => {
    const actor = await adminActor();
    const image = await addTestImage({ version: "77.2.0", size: IMAGE_BYTES });
    // The boxes hear nothing of the carousel until the resume: none can finish its transfer before the
    // pause (a 400 kB pass takes 0.2 s), so the resume must restart the session for them.
    mlab!.setLoss(0, 100, FLUTE_PORT);
    const { id } = await createWave(actor, {
      name: "multicast pause",
      imageId: image.id,
      filter: {},
      delivery: "multicast",
      plan: { canary: { count: DEVICES }, stages: [{ percent: 100 }], waitMinutes: 0, verifyMinutes: 5 },
      start: true,
    });
    const sending = await waitFor(
      () => db().fluteSession.findFirst({ where: { waveId: id, state: "sending" } }),
      30_000,
      200,
    );
    await pauseWaveNow(actor, id);
    const stopped = await db().fluteSession.findUniqueOrThrow({ where: { id: sending.id } });
    expect(stopped.state).toBe("stopped");
    expect(stopped.endedAt).not.toBeNull();
    // The sender stops at the runner's next tick and says so.
    await waitFor(
      () => db().fluteSession.findFirst({ where: { id: sending.id, senderEndedAt: { not: null } } }),
      10_000,
      200,
    );
    // Boxes cut off mid-transfer time out (9014) while paused: back to pending, not failures.
    await waitFor(
      async () => (await db().waveDevice.count({ where: { waveId: id, state: "downloading" } })) === 0,
      90_000,
      500,
    );
    expect(await db().waveDevice.count({ where: { waveId: id, state: "failed" } })).toBe(0);

    mlab!.setLoss(0, 0, FLUTE_PORT);
    await resumeWave(actor, id);
    await waitFor(
      async () => (await db().wave.findUniqueOrThrow({ where: { id } })).state === "done",
      120_000,
      500,
    );
    const rows = await db().waveDevice.findMany({ where: { waveId: id } });
    expect(rows.every((r) => r.state === "verified")).toBe(true);
    // One session row for the wave, restarted (same TSI and group), counters carried on; its sender
    // (started again on resume) stopped once more at the end.
    await waitFor(
      () => db().fluteSession.findFirst({ where: { waveId: id, senderEndedAt: { gt: stopped.endedAt! } } }),
      10_000,
      200,
    );
    const sessions = await db().fluteSession.findMany({ where: { waveId: id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      state: "done",
      tsi: sending.tsi,
      groupAddress: sending.groupAddress,
    });
    expect(sessions[0]!.passes).toBeGreaterThanOrEqual(stopped.passes);
  }, 240_000);
});
