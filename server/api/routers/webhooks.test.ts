// The webhooks router: admin only; the secret in create's and rotateSecret's answers and nowhere else
// (list, audit rows); bad URLs refused at the boundary; the delivery log, test event and redelivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { callerAs, errorCodeOf } from "../test-callers";

let store: Store;
let adminId = 0;
const api = (role: Role = "admin") => callerAs({ id: adminId, username: "root", name: "", role });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  adminId = (await db().operator.create({ data: { username: "root", role: "admin", passwordHash: "x" } })).id;
});
afterAll(async () => {
  await store.close();
});

const input = { name: "billing", url: "http://127.0.0.1:9/hook", events: ["task.done" as const] };

describe("webhooks router", () => {
  it("is for admins only", async () => {
    for (const role of ["helpdesk", "noc", "viewer"] as Role[])
      expect(await errorCodeOf(api(role).webhooks.list())).toBe("FORBIDDEN");
  });

  it("refuses bad URLs and empty event lists", async () => {
    for (const url of ["ftp://127.0.0.1/", "http://user:pw@127.0.0.1/", "not a url", "http://127.0.0.1:0/"])
      expect(await errorCodeOf(api().webhooks.create({ ...input, url }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(api().webhooks.create({ ...input, events: [] }))).toBe("BAD_REQUEST");
  });

  it("shows the secret once; list and audit never carry it", async () => {
    const { subscription, secret } = await api().webhooks.create(input);
    const { secret: rotated } = await api().webhooks.rotateSecret({ id: subscription.id });
    const listed = JSON.stringify(await api().webhooks.list());
    const audit = JSON.stringify((await db().auditLog.findMany()).map((a) => [a.target, a.before, a.after]));
    for (const s of [secret, rotated]) {
      expect(listed).not.toContain(s);
      expect(audit).not.toContain(s);
    }
    expect((await db().auditLog.findMany()).map((a) => a.action)).toEqual(
      expect.arrayContaining(["webhook.create", "webhook.rotate_secret"]),
    );
  });

  it("updates, sends a test event to one subscription, lists and redelivers, deletes", async () => {
    const { subscription } = await api().webhooks.create({ ...input, name: "other" });
    const updated = await api().webhooks.update({
      id: subscription.id,
      enabled: false,
      events: ["alarm.raised"],
    });
    expect(updated).toMatchObject({ enabled: false, events: ["alarm.raised"] });
    const { deliveryId } = await api().webhooks.sendTest({ id: subscription.id });
    const log = await api().webhooks.deliveries({ subscriptionId: subscription.id });
    expect(log.items.map((d) => [d.id, d.eventType, d.state])).toEqual([
      [deliveryId, "webhook.test", "pending"],
    ]);
    await db().webhookDelivery.update({
      where: { id: BigInt(deliveryId) },
      data: { state: "failed", attempts: 12 },
    });
    await api().webhooks.redeliver({ deliveryId });
    expect((await api().webhooks.deliveries({ subscriptionId: subscription.id })).items[0]).toMatchObject({
      state: "pending",
      attempts: 0,
    });
    expect(await errorCodeOf(api().webhooks.redeliver({ deliveryId: "999999" }))).toBe("NOT_FOUND");
    await api().webhooks.delete({ id: subscription.id });
    expect(await db().webhookDelivery.count({ where: { subscriptionId: subscription.id } })).toBe(0);
    expect(await errorCodeOf(api().webhooks.delete({ id: subscription.id }))).toBe("NOT_FOUND");
  });
});
