import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { overrideSettings } from "../../env";
import { metrics } from "../../observability/metrics";
import { handleApiRequest } from "./handler";
import { addTestToken } from "./test-tokens";

let store: Store;
let token: string;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  token = (await addTestToken({ rateLimit: 3 })).token;
});

afterAll(async () => {
  await store.close();
});

/** The error body, typed. */
async function errorOf(
  res: Response,
): Promise<{ error: { code: string; message: string; requestId: string } }> {
  return (await res.json()) as { error: { code: string; message: string; requestId: string } };
}

const call = (path: string, init: RequestInit = {}, bearer: string | null = token) =>
  handleApiRequest(
    new Request(`http://127.0.0.1/api/v1${path}`, {
      ...init,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(init.headers ?? {}) },
    }),
  );

describe("REST framework", () => {
  it("refuses a missing token with 401 in the error shape and a request id", async () => {
    const res = await call("/openapi.json", { headers: { "x-request-id": "abc-1 <x>;" } }, null);
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe("abc-1x");
    const { error } = await errorOf(res);
    expect(error).toEqual({ code: "unauthorized", message: error.message, requestId: "abc-1x" });
    expect(error.message).toContain("API token");
  });

  it("counts every answer in the API request metrics", async () => {
    const before =
      (await metrics().apiRequests.get()).values.find((v) => v.labels.status === "401")?.value ?? 0;
    await call("/openapi.json", {}, null);
    const after =
      (await metrics().apiRequests.get()).values.find((v) => v.labels.status === "401")?.value ?? 0;
    expect(after).toBe(before + 1);
  });

  it("serves the document and 404s an unknown path with the budget headers, then 429s", async () => {
    const doc = await call("/openapi.json");
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { info: { title: string } }).info.title).toBe("Vantage northbound API");
    expect(doc.headers.get("x-ratelimit-limit")).toBe("3");
    const missing = await call("/no/such/thing");
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).error.code).toBe("not_found");
    expect(missing.headers.get("x-ratelimit-remaining")).toBe("1");
    await call("/no/such/thing");
    const limited = await call("/openapi.json");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorOf(limited)).error.code).toBe("rate_limited");
  });
});
