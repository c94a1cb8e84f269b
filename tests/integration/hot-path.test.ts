// The Inform hot path fails small: odd but valid CPE values are stored, one bad row fails only its
// device (never the batch, never the connection), repeat Informs keep the id sequence still, and
// the session lock names its holder and owner node. Runs on the test server's store (one PGlite
// connection by default), calling recordInform as the CWMP backend does.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BeginSessionInput } from "../../server/cwmp/session/backend";
import type { InformRequest } from "../../server/cwmp/soap/types";
import { db, preparedQuery } from "../../server/db";
import { writeDevice } from "../../server/devices/device-write";
import { recordInform, toInformRow, type InformResult } from "../../server/devices/inform";
import { batchJson } from "../../server/devices/inform-columns";
import { batchedInformStats } from "../../server/devices/inform-statements";
import { nodeId, releaseLocksOwnedBy } from "../../server/devices/session-locks";
import { queueTask } from "../../server/tasks/service";
import { makeInform } from "../support/scripted-cpe";
import { deviceIds } from "../support/device-ids";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const session = (serial: string): string => `session-${serial}`;

function input(inform: InformRequest, sessionId = session(inform.deviceId.serialNumber)): BeginSessionInput {
  return {
    inform,
    sessionId,
    remoteAddress: "127.0.0.1",
    principal: { kind: "none" },
    cwmpVersion: "1.0",
    lockTtlMs: 60_000,
  };
}

function periodic(serial: string, extra: Partial<InformRequest> = {}): InformRequest {
  return makeInform(serial, ["2 PERIODIC"], extra);
}

function withParams(inform: InformRequest, params: Record<string, string>): InformRequest {
  const extra = Object.entries(params).map(([name, value]) => ({ name, value, type: "string" as const }));
  return { ...inform, parameterList: [...inform.parameterList.filter((p) => !(p.name in params)), ...extra] };
}

function recorded(result: InformResult): number {
  if (result.locked) throw new Error(`device locked by ${result.holder}`);
  return result.deviceId;
}

/** First contact of each serial, one at a time (so the batched statement has known devices). */
async function known(...serials: string[]): Promise<void> {
  for (const serial of serials) recorded(await recordInform(input(makeInform(serial, ["0 BOOTSTRAP"]))));
}

const device = (serialNumber: string) => db().device.findFirstOrThrow({ where: { serialNumber } });

describe("Inform hot path", () => {
  it("has today's Inform event partition before the node's first Inform", async () => {
    // Runs first, right after start: the partition job is a singleton that starts after the listener
    // opens. A first Inform's event written to DEFAULT moved when the day's partition was created, and
    // a read waiting behind the move missed it (two CI failures).
    const id = recorded(await recordInform(input(makeInform("FIRST-1", ["0 BOOTSTRAP"]))));
    const rows = await db().$queryRaw<{ part: string; day: string }[]>`
      SELECT tableoid::regclass::text AS part, to_char("receivedAt", 'YYYYMMDD') AS day
        FROM "InformEvent" WHERE "deviceId" = ${id}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.part.replace(/"/g, "")).toBe(`InformEvent_p${rows[0]?.day ?? ""}`);
  });

  it("stores unsignedInt maxima and NUL bytes from a batch of concurrent Informs, batched and single", async () => {
    await known("BIG-1", "NUL-1", "PLAIN-1");
    const { runs, failed, rows } = batchedInformStats;
    const big = (serial: string) =>
      withParams(periodic(serial, { retryCount: 4_294_967_295 }), {
        "Device.ManagementServer.PeriodicInformInterval": "4294967295",
      });
    const nul = (serial: string) =>
      withParams(periodic(serial), {
        "Device.DeviceInfo.SoftwareVersion": "2.0\u0000beta",
        "Device.DeviceInfo.X_Vendor_Note": "a\u0000b\ud800",
      });
    // BIG-2 and NUL-2 are new: they go through the single-row statement in the same turn.
    const results = await Promise.all(
      [big("BIG-1"), nul("NUL-1"), periodic("PLAIN-1"), big("BIG-2"), nul("NUL-2")].map((i) =>
        recordInform(input(i)),
      ),
    );
    results.forEach(recorded);
    // One batched statement over all five (the two new devices then go alone).
    expect(batchedInformStats.runs).toBe(runs + 1);
    expect(batchedInformStats.rows).toBe(rows + 5);
    expect(batchedInformStats.failed).toBe(failed);

    for (const serial of ["BIG-1", "BIG-2"]) {
      const d = await device(serial);
      expect(d.periodicInformInterval).toBe(4_294_967_295n);
      const event = await db().informEvent.findFirstOrThrow({
        where: { deviceId: d.id },
        orderBy: { id: "desc" },
      });
      expect(event.retryCount).toBe(4_294_967_295n);
    }
    for (const serial of ["NUL-1", "NUL-2"]) {
      const d = await device(serial);
      expect(d.softwareVersion).toBe("2.0\uFFFDbeta");
      const doc = d.parameters as Record<string, { v: string }>;
      expect(doc["Device.DeviceInfo.X_Vendor_Note"]?.v).toBe("a\uFFFDb\uFFFD");
    }
  });

  it("carries quotes, backslashes, JSON escapes and astral characters through the batched statement", async () => {
    await known("ODD-1", "ODD-2");
    const { runs, failed } = batchedInformStats;
    const odd = 'a"b\\c\u2028d\u0001e 😀 {"x":[1]} \\u0041';
    // "4 VALUE CHANGE" sends the document with the row, so the batched statement records both.
    const changed = (serial: string) => {
      const inform = withParams(makeInform(serial, ["4 VALUE CHANGE"]), {
        "Device.DeviceInfo.ModelName": odd,
        "Device.DeviceInfo.X_Vendor_Odd": odd,
      });
      return {
        ...inform,
        deviceId: { ...inform.deviceId, manufacturer: odd },
        events: [{ eventCode: "4 VALUE CHANGE", commandKey: odd }],
      };
    };
    (await Promise.all(["ODD-1", "ODD-2"].map((s) => recordInform(input(changed(s)))))).forEach(recorded);
    expect(batchedInformStats.runs).toBe(runs + 1);
    expect(batchedInformStats.failed).toBe(failed);
    for (const serial of ["ODD-1", "ODD-2"]) {
      const d = await device(serial);
      expect(d.modelName).toBe(odd);
      expect(d.manufacturer).toBe(odd);
      expect((d.parameters as Record<string, { v: string }>)["Device.DeviceInfo.X_Vendor_Odd"]?.v).toBe(odd);
      const event = await db().informEvent.findFirstOrThrow({
        where: { deviceId: d.id },
        orderBy: { id: "desc" },
      });
      expect(event.commandKeys).toEqual([odd]);
    }
  });

  it("stores over-long values: indexed columns get a bounded prefix, the document the whole value", async () => {
    // Incompressible, far past TR-069's lengths and a btree index entry's ~2.7 kB limit.
    const long = randomBytes(5_000).toString("hex");
    const inform = withParams(periodic("LONG-1"), {
      "Device.DeviceInfo.SoftwareVersion": long,
      "Device.DeviceInfo.ProvisioningCode": long,
      "Device.GatewayInfo.SerialNumber": long,
    });
    recorded(await recordInform(input(inform)));
    recorded(await recordInform(input(inform)));
    const d = await device("LONG-1");
    expect(d.softwareVersion).toBe(long.slice(0, 256));
    expect(d.subscriberId).toBe(long.slice(0, 256));
    expect(d.gatewaySerialNumber).toBe(long.slice(0, 256));
    const doc = d.parameters as Record<string, { v: string }>;
    expect(doc["Device.DeviceInfo.SoftwareVersion"]?.v).toBe(long);
  });

  it("a row that fails the batched statement fails only its own device's Inform", async () => {
    await known("GOOD-1", "BAD-1", "GOOD-2");
    // A failure no value check foresees, for one row only (as a constraint or index limit would).
    await db().$executeRawUnsafe(`CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."serialNumber" LIKE 'BAD-%' THEN RAISE EXCEPTION 'row refused for %', NEW."serialNumber"; END IF;
      RETURN NEW; END $$`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER refuse_bad BEFORE UPDATE ON "Device" FOR EACH ROW EXECUTE FUNCTION refuse_bad()`,
    );
    try {
      const failed = batchedInformStats.failed;
      const results = await Promise.allSettled(
        ["GOOD-1", "BAD-1", "GOOD-2"].map((serial) => recordInform(input(periodic(serial)))),
      );
      expect(batchedInformStats.failed).toBe(failed + 1);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(String((results[1] as PromiseRejectedResult).reason)).toContain("row refused for BAD-1");
      for (const serial of ["GOOD-1", "GOOD-2"]) {
        const d = await device(serial);
        expect(await db().informEvent.count({ where: { deviceId: d.id } })).toBe(2);
      }
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_bad ON "Device"`);
      await db().$executeRawUnsafe(`DROP FUNCTION refuse_bad()`);
    }
    // The refused device records normally once its row can be stored.
    recorded(await recordInform(input(periodic("BAD-1"))));
  });

  it("a failed prepared statement does not poison the connection: one failing Inform, then 100 good ones", async () => {
    await expect(preparedQuery("poison-check", "SELECT 1 / $1::int AS x", [0])).rejects.toThrow(
      /division by zero/,
    );
    expect(await preparedQuery<{ x: number }>("poison-check", "SELECT 1 / $1::int AS x", [1])).toEqual([
      { x: 1 },
    ]);

    await known("POISON-1");
    await db().$executeRawUnsafe(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER refuse_poison BEFORE UPDATE ON "Device" FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    try {
      await expect(recordInform(input(periodic("POISON-1")))).rejects.toThrow(/refused/);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_poison ON "Device"`);
      await db().$executeRawUnsafe(`DROP FUNCTION refuse_poison()`);
    }
    for (let i = 0; i < 100; i++) {
      recorded(await recordInform(input(periodic(i % 2 === 0 ? "POISON-1" : `POISON-NEW-${i}`))));
    }
    expect(await db().informEvent.count({ where: { deviceId: { in: await deviceIds("POISON-1") } } })).toBe(
      51,
    );
  }, 60_000);

  it("repeat Informs do not consume the Device id sequence", async () => {
    await known("SEQ-1");
    const lastValue = async () =>
      Number(
        (await db().$queryRawUnsafe<{ v: bigint }[]>(`SELECT last_value AS v FROM "Device_id_seq"`))[0]?.v,
      );
    const before = await lastValue();
    for (let i = 0; i < 50; i++) recorded(await recordInform(input(periodic("SEQ-1"))));
    expect(await lastValue()).toBe(before);
    const max = (await db().device.aggregate({ _max: { id: true } }))._max.id ?? 0;
    expect(recorded(await recordInform(input(periodic("SEQ-2"))))).toBe(max + 1);
  });

  it("two first Informs of one device at once: one records it, the other is told who holds the lock", async () => {
    const results = await Promise.all(
      ["race-a", "race-b"].map((id) => recordInform(input(makeInform("RACE-1", ["0 BOOTSTRAP"]), id))),
    );
    const winner = results.findIndex((r) => !r.locked);
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(results[winner]).toMatchObject({ locked: false, inserted: true });
    expect(results[1 - winner]).toEqual({
      locked: true,
      holder: winner === 0 ? "race-a" : "race-b",
      holderOnThisNode: true,
      holderNodeGone: false,
    });
    expect(await db().device.count({ where: { serialNumber: "RACE-1" } })).toBe(1);
  });

  it("a boot storm's first contacts skip the batched statement; routine Informs in their turn still batch", async () => {
    await known("STORM-KNOWN-1", "STORM-KNOWN-2");
    const { runs, rows } = batchedInformStats;
    const firsts = ["STORM-NEW-1", "STORM-NEW-2", "STORM-NEW-3"].map((s) => makeInform(s, ["0 BOOTSTRAP"]));
    const results = await Promise.all(
      [...firsts, periodic("STORM-KNOWN-1"), periodic("STORM-KNOWN-2")].map((i) => recordInform(input(i))),
    );
    expect(results.map((r) => !r.locked && r.inserted)).toEqual([true, true, true, false, false]);
    // One batched run, over the two routine Informs only.
    expect(batchedInformStats.runs).toBe(runs + 1);
    expect(batchedInformStats.rows).toBe(rows + 2);
    // A known device's "0 BOOTSTRAP" (after a factory reset) is recorded alone as an update.
    const again = await Promise.all(firsts.map((i) => recordInform(input(i))));
    expect(again.map((r) => !r.locked && r.inserted)).toEqual([false, false, false]);
    expect(batchedInformStats.runs).toBe(runs + 1);
  });

  it("an Inform that changes nothing leaves the device row alone and still records its time and event", async () => {
    await known("LI-1", "LI-2");
    const [one, two] = await Promise.all(["LI-1", "LI-2"].map(async (serial) => (await device(serial)).id));
    // xmin names the transaction that wrote the row version: unchanged means not rewritten.
    const rowVersion = async (id: number) =>
      (await db().$queryRaw<{ v: string }[]>`SELECT xmin::text AS v FROM "Device" WHERE id = ${id}`)[0]?.v;
    const lastInform = async (id: number) =>
      (await db().deviceLastInform.findUniqueOrThrow({ where: { deviceId: id } })).informedAt?.getTime();
    const events = (id: number) => db().informEvent.count({ where: { deviceId: id } });
    // The first routine Informs after the bootstrap settle the lock columns (the bootstrap's lock is
    // released); from then on the same Informs change nothing in the row.
    await Promise.all(["LI-1", "LI-2"].map((serial) => recordInform(input(periodic(serial)))));
    const before = {
      one: await rowVersion(one ?? 0),
      two: await rowVersion(two ?? 0),
      events: await events(one ?? 0),
    };
    const { runs } = batchedInformStats;
    const at = new Date(Date.now() + 60_000);
    const results = await Promise.all(
      ["LI-1", "LI-2"].map((serial) => recordInform(input(periodic(serial)), at)),
    );
    expect(batchedInformStats.runs).toBeGreaterThan(runs);
    expect(results.map((r) => !r.locked && r.workQueued)).toEqual([false, false]);
    expect(results.map((r) => !r.locked && r.device.serialNumber)).toEqual(["LI-1", "LI-2"]);
    expect(await rowVersion(one ?? 0)).toBe(before.one);
    expect(await rowVersion(two ?? 0)).toBe(before.two);
    expect(await lastInform(one ?? 0)).toBe(at.getTime());
    expect(await events(one ?? 0)).toBe(before.events + 1);
    // Changed values rewrite the row (alone, with the document).
    const later = new Date(at.getTime() + 60_000);
    recorded(
      await recordInform(input(withParams(periodic("LI-2"), { "Device.X_Vendor.Changed": "yes" })), later),
    );
    expect(await rowVersion(two ?? 0)).not.toBe(before.two);
    expect(await lastInform(two ?? 0)).toBe(later.getTime());
    // So does queued work: the Inform takes the session lock.
    await queueTask(one ?? 0, { name: "Reboot", commandKey: "hot-path" });
    const locked = await recordInform(input(periodic("LI-1")), new Date(later.getTime() + 60_000));
    expect(!locked.locked && locked.workQueued).toBe(true);
    expect(await rowVersion(one ?? 0)).not.toBe(before.one);
  });

  it("gives every device its last-inform row, null until it informs, also when created through Prisma", async () => {
    const plain = await db().device.create({
      data: { oui: "0000AA", productClass: "P", serialNumber: "LI-NEW-1", manufacturer: "M" },
    });
    const at = new Date("2026-01-02T03:04:05.006Z");
    const nested = await db().device.create({
      data: {
        oui: "0000AA",
        productClass: "P",
        serialNumber: "LI-NEW-2",
        manufacturer: "M",
        lastInform: { create: { informedAt: at } },
      },
    });
    const row = (id: number) => db().deviceLastInform.findUnique({ where: { deviceId: id } });
    expect((await row(plain.id))?.informedAt).toBeNull();
    expect((await row(nested.id))?.informedAt?.getTime()).toBe(at.getTime());
  });

  it("a periodic Inform goes without its document; one whose values changed is then recorded with it", async () => {
    await known("DOC-1");
    const note = "Device.DeviceInfo.X_Vendor_Note";
    const noteOf = async () =>
      ((await device("DOC-1")).parameters as Record<string, { v?: string }>)[note]?.v;
    recorded(await recordInform(input(withParams(periodic("DOC-1"), { [note]: "one" }))));
    expect(await noteOf()).toBe("one");
    // The same values again: the batched statement (a batch of one) records it without a document.
    const { runs, rows } = batchedInformStats;
    const informs = await db().informEvent.count({ where: { deviceId: (await device("DOC-1")).id } });
    recorded(await recordInform(input(withParams(periodic("DOC-1"), { [note]: "one" }))));
    expect(batchedInformStats).toMatchObject({ runs: runs + 1, rows: rows + 1 });
    expect(await noteOf()).toBe("one");
    // Changed values: the stored hash differs, so the device is recorded alone with its document.
    recorded(await recordInform(input(withParams(periodic("DOC-1"), { [note]: "two" }))));
    expect(await noteOf()).toBe("two");
    expect(await db().informEvent.count({ where: { deviceId: (await device("DOC-1")).id } })).toBe(
      informs + 2,
    );
  });

  it("a routine Inform goes without its derived columns; another writer's change to one is undone by the next Inform", async () => {
    await known("COLS-1");
    const id = (await device("COLS-1")).id;
    recorded(await recordInform(input(periodic("COLS-1"))));
    const row = toInformRow(input(periodic("COLS-1")));
    expect(row).toMatchObject({
      document: null,
      softwareVersion: null,
      subscriberId: null,
      manufacturer: "Acme",
    });
    expect(row.complete()).toMatchObject({ softwareVersion: "1.0.0", subscriberId: "SUB-1" });
    expect(row.complete().document).not.toBeNull();
    expect(batchJson([row])).not.toContain("1.0.0");
    // A GPV answer's write of a derived column (device-write.ts) clears the stored hash ...
    await db().$transaction((tx) => writeDevice(tx, id, {}, { softwareVersion: "9.9.9" }));
    expect(await device("COLS-1")).toMatchObject({ softwareVersion: "9.9.9", informHash: null });
    // ... so the next routine Inform, with the same values as before, sets it from them again.
    recorded(await recordInform(input(periodic("COLS-1"))));
    expect(await device("COLS-1")).toMatchObject({ softwareVersion: "1.0.0", manufacturer: "Acme" });
    // A routine Inform that takes the lock (work is queued) rewrites the row and keeps every column.
    const { runs } = batchedInformStats;
    await queueTask(id, { name: "Reboot", commandKey: "cols" });
    const locked = await recordInform(input(periodic("COLS-1")));
    expect(!locked.locked && locked.workQueued).toBe(true);
    expect(batchedInformStats.runs).toBe(runs + 1);
    expect(await device("COLS-1")).toMatchObject({
      manufacturer: "Acme",
      softwareVersion: "1.0.0",
      hardwareVersion: "HW1",
      subscriberId: "SUB-1",
      connectionRequestUrl: "http://127.0.0.1:9/cr",
      gatewaySerialNumber: "GW1",
      cwmpVersion: "1.0",
      kind: "STB",
    });
  });

  it("a device deleted while its Inform is batched with others fails no other Inform and leaves no events behind", async () => {
    const serials = Array.from({ length: 8 }, (_, k) => `DEL-RACE-${k}`);
    await known(...serials);
    await Promise.all(serials.map((serial) => recordInform(input(periodic(serial)))));
    const victim = (await device("DEL-RACE-0")).id;
    const [results] = await Promise.all([
      Promise.allSettled(serials.map((serial) => recordInform(input(periodic(serial))))),
      db().device.deleteMany({ where: { id: victim } }),
    ]);
    // Every other device's Inform is recorded; the deleted one's may or may not be, but never throws.
    expect(results.map((r) => r.status)).toEqual(serials.map(() => "fulfilled"));
    for (const [k, r] of results.entries())
      if (k > 0) expect(r.status === "fulfilled" && !r.value.locked).toBe(true);
    // The trigger ran after the device's events were read or written: none of them stays behind
    // unless an Inform appended one after the delete committed (then only that one).
    expect(await db().informEvent.count({ where: { deviceId: victim } })).toBeLessThanOrEqual(1);
  });

  it("stores the events and command keys of batched and single Informs; a deleted device's events go with it", async () => {
    await known("GONE-1", "STAYS-1");
    const events = (serial: string): InformRequest => ({
      ...periodic(serial),
      events: [
        { eventCode: "2 PERIODIC", commandKey: "" },
        { eventCode: "M Reboot", commandKey: `key "${serial}"` },
      ],
    });
    const [gone, stays] = await Promise.all(["GONE-1", "STAYS-1"].map((s) => recordInform(input(events(s)))));
    const goneId = recorded(gone as InformResult);
    const staysId = recorded(stays as InformResult);
    const last = (deviceId: number) =>
      db().informEvent.findFirstOrThrow({ where: { deviceId }, orderBy: { receivedAt: "desc" } });
    expect(await last(staysId)).toMatchObject({
      events: ["2 PERIODIC", "M Reboot"],
      commandKeys: ["", 'key "STAYS-1"'],
    });
    // The single statement (a first contact) stores them alike.
    expect(await last(goneId)).toMatchObject({ commandKeys: ["", 'key "GONE-1"'] });
    const first = await db().informEvent.findFirstOrThrow({
      where: { deviceId: goneId },
      orderBy: { id: "asc" },
    });
    expect(first).toMatchObject({ events: ["0 BOOTSTRAP"], commandKeys: [""] });

    // No foreign key: the delete trigger takes the device's events (and only its) with it.
    const staysBefore = await db().informEvent.count({ where: { deviceId: staysId } });
    await db().device.deleteMany({ where: { id: goneId } });
    expect(await db().informEvent.count({ where: { deviceId: goneId } })).toBe(0);
    expect(await db().deviceLastInform.count({ where: { deviceId: goneId } })).toBe(0);
    expect(await db().informEvent.count({ where: { deviceId: staysId } })).toBe(staysBefore);
  });
});

describe("session locks", () => {
  it("are taken only by their session while live, record the owner node, and name the holder", async () => {
    await known("LOCK-1");
    const d = await device("LOCK-1");
    expect(d.sessionId).toBe(session("LOCK-1"));
    expect(d.sessionOwner).toBe(nodeId());
    // Work waits for the device: each Inform below that is recorded takes the lock.
    await queueTask(d.id, { name: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] });

    expect(await recordInform(input(periodic("LOCK-1"), "intruder"))).toEqual({
      locked: true,
      holder: session("LOCK-1"),
      holderOnThisNode: true,
      holderNodeGone: false,
    });
    // Naming the holder as dead (the engine knows it no longer lives here) takes the lock over.
    recorded(await recordInform({ ...input(periodic("LOCK-1"), "rescuer"), staleHolder: session("LOCK-1") }));
    expect((await device("LOCK-1")).sessionId).toBe("rescuer");
    recorded(await recordInform({ ...input(periodic("LOCK-1")), staleHolder: "rescuer" }));
    // The holder renews its own lock.
    recorded(await recordInform(input(periodic("LOCK-1"))));
    // Past the lock's expiry another session takes it.
    const later = new Date(Date.now() + 61_000);
    recorded(await recordInform(input(periodic("LOCK-1"), "successor"), later));
    expect((await device("LOCK-1")).sessionId).toBe("successor");
  });

  it("an Inform with no CWMP work queued takes no lock, and clears one it may take", async () => {
    await known("QUIET-1");
    const { id } = await device("QUIET-1");
    await db().task.deleteMany({ where: { deviceId: id } });
    // The lock from the first contact is this session's: the periodic Inform clears it.
    recorded(await recordInform(input(periodic("QUIET-1"))));
    expect(await device("QUIET-1")).toMatchObject({ sessionId: null, sessionExpires: null });
    // An OMA DM task is not CWMP work; a queued CWMP task is.
    await db().task.create({
      data: {
        deviceId: id,
        protocol: "omadm",
        name: "DmGet",
        request: { name: "DmGet", uris: ["./DevInfo/Mod"] },
      },
    });
    recorded(await recordInform(input(periodic("QUIET-1"), "second")));
    expect((await device("QUIET-1")).sessionId).toBeNull();
    await queueTask(id, { name: "Reboot", commandKey: "q" });
    recorded(await recordInform(input(periodic("QUIET-1"), "third")));
    expect((await device("QUIET-1")).sessionId).toBe("third");
  });

  it("releaseLocksOwnedBy releases this node's locks at once and leaves other nodes' alone", async () => {
    await known("OWN-1", "OTHER-1");
    await db().device.update({
      where: { id: (await device("OTHER-1")).id },
      data: { sessionOwner: "other-node" },
    });
    expect((await recordInform(input(periodic("OWN-1"), "after-restart"))).locked).toBe(true);

    // A lock this run took after the start is not released.
    const startedAt = new Date();
    recorded(await recordInform(input(periodic("NEW-1"), "this-run"), new Date(startedAt.getTime() + 1000)));
    expect(await releaseLocksOwnedBy(nodeId(), new Date(startedAt.getTime() + 500))).toBeGreaterThanOrEqual(
      1,
    );
    expect((await device("NEW-1")).sessionId).toBe("this-run");
    const own = await device("OWN-1");
    expect([own.sessionId, own.sessionExpires, own.sessionOwner]).toEqual([null, null, null]);
    expect((await device("OTHER-1")).sessionId).toBe(session("OTHER-1"));
    recorded(await recordInform(input(periodic("OWN-1"), "after-restart")));
    expect((await recordInform(input(periodic("OTHER-1"), "after-restart"))).locked).toBe(true);
  });
});
