import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import { callerAs, anonymousCaller, errorCodeOf } from "../test-callers";

let store: Store;
const ids: number[] = [];
const api = (i: number) => callerAs({ id: ids[i] ?? 0, username: `op${i}`, name: "", role: "viewer" });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  for (const i of [0, 1]) {
    ids.push(
      (await db().operator.create({ data: { username: `op${i}`, role: "viewer", passwordHash: "x" } })).id,
    );
  }
});

afterAll(async () => {
  await store.close();
});

describe("saved searches router", () => {
  it("saves the chosen columns, operators and fault filter with the search, per operator", async () => {
    const query = {
      kind: "GATEWAY" as const,
      param: { path: "Device.X.PacketsLost", op: "gt" as const, value: "0" },
      faultCode: 9002,
      faultDays: 30,
      bootstrapIncomplete: true as const,
      columns: ["serialNumber", "Device.X.PacketsLost"],
    };
    const saved = await api(0).savedSearches.save({ name: "lossy", query });
    expect(saved.query).toMatchObject(query);
    const listed = await api(0).savedSearches.list();
    expect(listed.map((s) => [s.name, s.query.columns])).toEqual([["lossy", query.columns]]);
    expect(await api(1).savedSearches.list()).toEqual([]);
    expect(await errorCodeOf(api(1).savedSearches.delete({ id: saved.id }))).toBe("NOT_FOUND");
    await api(0).savedSearches.delete({ id: saved.id });
    expect(await api(0).savedSearches.list()).toEqual([]);
  });

  it("rejects bad columns and the signed-out", async () => {
    const bad = api(0).savedSearches.save({
      name: "x",
      query: { columns: ["serialNumber", "serialNumber"] },
    });
    expect(await errorCodeOf(bad)).toBe("BAD_REQUEST");
    expect(await errorCodeOf(anonymousCaller().savedSearches.list())).toBe("UNAUTHORIZED");
  });

  it("drops a stored query this version cannot read instead of failing the list", async () => {
    await db().savedSearch.create({
      data: { operatorId: ids[1] ?? 0, name: "old", query: { columns: ["x y"] } },
    });
    const [old] = await api(1).savedSearches.list();
    expect(old?.query.columns).toBeUndefined();
  });
});
