// What the device router hands the browser: the page's fields, never credentials, session-lock columns
// or the values a read returned.
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { useDeviceRouterFixture } from "./device-router-fixture";

const fixture = useDeviceRouterFixture();

describe("output contracts", () => {
  it("device.get carries the page's fields, never credential or session-lock columns", async () => {
    await db().device.update({
      where: { id: fixture().gwId },
      data: {
        cwmpUsername: "gw-own",
        cwmpHa1: "0123456789abcdef0123456789abcdef",
        connectionRequestUsername: "cr-user",
        sessionId: "s-1",
        sessionOwner: "node-a",
        informHash: "h",
      },
    });
    const detail = await fixture().api("viewer").device.get({ id: fixture().gwId });
    expect(detail).toMatchObject({ serialNumber: "GW0001", kind: "GATEWAY", online: true });
    const text = JSON.stringify(detail);
    for (const secret of ["gw-own", "0123456789abcdef", "cr-user", "s-1", "node-a"])
      expect(text).not.toContain(secret);
    expect(Object.keys(detail)).not.toContain("parameters");
  });

  it("device.tasks keeps the request's paths and per-parameter faults, not a read's values", async () => {
    const task = await db().task.create({
      data: {
        deviceId: fixture().gwId,
        name: "GetParameterValues",
        request: { name: "GetParameterValues", parameterNames: ["InternetGatewayDevice.DeviceInfo."] },
        state: "done",
        result: {
          name: "GetParameterValuesResponse",
          parameterList: [
            { name: "InternetGatewayDevice.DeviceInfo.UpTime", value: "98765", type: "unsignedInt" },
          ],
        },
      },
    });
    const listed = (await fixture().api("viewer").device.tasks({ id: fixture().gwId })).find(
      (t) => t.id === task.id,
    );
    expect(listed?.request).toEqual({
      name: "GetParameterValues",
      parameterNames: ["InternetGatewayDevice.DeviceInfo."],
    });
    expect(listed?.result).toEqual({});
    expect(JSON.stringify(listed)).not.toContain("98765");
  });
});
