import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../database/connect";
import { overrideSettings } from "../../../env";
import { metrics } from "../../../observability/metrics";
import { bodyLimitFor } from "../../../web/body-limit";
import { generateApiDocument } from "../openapi";
import { addTestToken } from "../test-tokens";
import { uploadImageRoute } from "./firmware-upload";
import { importChannelsRoute, importTopologyRoute } from "./imports";
import { importOptOutsRoute } from "./opt-outs";
import { pageById } from "./paging";
import { RAW_API_PATHS } from "./raw-paths";

let store: Store;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
}, 60_000);

afterAll(async () => {
  await store?.close();
});

const ROUTES = [
  ["/firmware/images/upload", uploadImageRoute, "application/octet-stream"],
  ["/topology/import", importTopologyRoute, "text/csv"],
  ["/channels/import", importChannelsRoute, "text/csv"],
  ["/audience/opt-outs/import", importOptOutsRoute, "text/csv"],
] as const;

describe("raw-body routes", () => {
  it("refuse a missing, unknown, expired, revoked or under-scoped token before reading the body", async () => {
    const past = new Date(Date.now() - 60_000);
    const expired = (await addTestToken({ expiresAt: past })).token;
    const revoked = (await addTestToken({ revokedAt: past })).token;
    const viewer = (await addTestToken({ role: "viewer" })).token;
    const counted = async (status: string) =>
      (await metrics().apiRequests.get()).values.find((v) => v.labels.status === status)?.value ?? 0;
    const refusedBefore = await counted("401");
    for (const [path, route, type] of ROUTES) {
      const post = (authorization?: string) =>
        route(
          new Request(`http://127.0.0.1/api/v1${path}`, {
            method: "POST",
            headers: { "content-type": type, ...(authorization ? { authorization } : {}) },
            body: "household\nA",
          }),
        );
      for (const auth of [undefined, "Bearer vtk_nope", `Bearer ${expired}`, `Bearer ${revoked}`]) {
        const res = await post(auth);
        expect(res.status, `${path} ${auth}`).toBe(401);
        const body = (await res.json()) as { error: { code: string; requestId: string } };
        expect(body.error.code).toBe("unauthorized");
        expect(res.headers.get("x-request-id")).toBe(body.error.requestId);
      }
      const under = await post(`Bearer ${viewer}`);
      expect(under.status).toBe(403);
      expect(under.headers.get("x-ratelimit-limit")).not.toBeNull();
    }
    expect((await counted("401")) - refusedBefore).toBe(4 * ROUTES.length);
  });

  it("are in the OpenAPI document, which validates, with the scope each needs", async () => {
    const doc = generateApiDocument();
    await expect(validate(structuredClone(doc) as never)).resolves.toMatchObject({ valid: true });
    for (const path of Object.keys(RAW_API_PATHS)) {
      const op = doc.paths?.[path]?.post as { "x-required-scope"?: string; responses: object } | undefined;
      expect(op?.["x-required-scope"], path).toMatch(/^(firmware\.rollout|alarms\.write|audience\.optout)$/);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["401", "403", "422", "429"]));
    }
    for (const path of [
      "/waves",
      "/audience/slot",
      "/subscribers/{subscriberId}/audience-opt-out",
      "/alarms/rules",
    ])
      expect(doc.paths?.[path], path).toBeDefined();
  });
});

describe("the server's body cap", () => {
  it("lets the raw-body routes past the console's default, and only them", () => {
    expect(bodyLimitFor("/api/v1/firmware/images/upload", 1024, 2048, 5_000_000)).toBe(5_000_000);
    expect(bodyLimitFor("/api/v1/topology/import", 1024, 2048)).toBe(2048);
    expect(bodyLimitFor("/api/v1/channels/import?x=1", 1024, 2048)).toBe(2048);
    expect(bodyLimitFor("/api/v1/audience/opt-outs/import", 1024, 2048)).toBe(2048);
    expect(bodyLimitFor("/api/v1/waves", 1024, 2048)).toBe(1024);
    expect(bodyLimitFor("/api/v1/firmware/images/upload/1", 1024, 2048, 5_000_000)).toBe(1024);
  });
});

describe("pageById", () => {
  it("pages rows sorted newest first with an opaque cursor and refuses a forged one", () => {
    const rows = [5, 4, 3, 2, 1].map((id) => ({ id }));
    const first = pageById(rows, { limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual([5, 4]);
    const second = pageById(rows, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.id)).toEqual([3, 2]);
    const last = pageById(rows, { limit: 2, cursor: second.nextCursor! });
    expect(last).toEqual({ items: [{ id: 1 }], nextCursor: null });
    expect(() => pageById(rows, { limit: 2, cursor: "bm90LWEtY3Vyc29y" })).toThrow(/cursor/i);
  });
});
