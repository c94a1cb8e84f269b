import { describe, expect, it } from "vitest";
import type { Task } from "../generated/prisma/client";
import { KEPT_ENTRIES, presentableTask, storableMessage } from "./stored-answer";

const spv = {
  name: "SetParameterValues",
  parameterList: [
    { name: "Device.ManagementServer.ConnectionRequestUsername", value: "cr-1", type: "string" },
    { name: "Device.ManagementServer.ConnectionRequestPassword", value: "s3cret", type: "string" },
    { name: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase", value: "wifi-key", type: "string" },
  ],
  parameterKey: "k",
};

describe("what a task keeps and shows", () => {
  it("masks secret values and keeps the rest", () => {
    const out = storableMessage(spv);
    expect(out.parameterList.map((p) => p.value)).toEqual(["cr-1", "••••••••", "••••••••"]);
    expect(JSON.stringify(out)).not.toContain("s3cret");
    expect(spv.parameterList[1]?.value).toBe("s3cret");
  });

  it("cuts a huge answer to KEPT_ENTRIES and counts the rest", () => {
    const names = Array.from({ length: 50_000 }, (_, i) => ({ name: `Device.X.${i}.Y`, writable: false }));
    const out = storableMessage({ name: "GetParameterNamesResponse", parameterList: names }) as unknown as {
      parameterList: unknown[];
      parameterCount: number;
      truncated: boolean;
    };
    expect(out.parameterList).toHaveLength(KEPT_ENTRIES);
    expect(out).toMatchObject({ parameterCount: 50_000, truncated: true });
  });

  it("presents a task's request and result without secrets", () => {
    const task = {
      id: 1,
      request: spv,
      result: { name: "GetParameterValuesResponse", parameterList: spv.parameterList },
    };
    const shown = presentableTask(task as unknown as Task);
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|wifi-key/);
    expect(presentableTask({ ...task, result: null } as unknown as Task).result).toBeNull();
  });
});
