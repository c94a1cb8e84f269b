// The simulated CPE's multicast Download paths that need no network: a URL that names no FLUTE session
// (9013, unsupported transfer), and a box that cannot join (multicast_join → 9014) refusing before it
// opens a socket. Receiving itself runs in namespaces (tests/integration/wave-multicast.test.ts).
import { describe, expect, it } from "vitest";
import { firmwareTrust } from "./firmware-faults";
import { isMulticastUrl, receiveMulticast } from "./firmware-multicast";
import { TransferError } from "./transfer-http";

const URL_OK = "flute://10.251.77.1@239.255.77.1:4077?tsi=5&toi=1&v=2";

async function faultOf(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransferError);
  return { code: (err as TransferError).code, message: (err as TransferError).message };
}

describe("simulated CPE, flute:// Download", () => {
  it("recognises multicast URLs", () => {
    expect(isMulticastUrl(URL_OK)).toBe(true);
    expect(isMulticastUrl("http://127.0.0.1/fw.bin")).toBe(false);
  });

  it("answers 9013 for a URL that names no session", async () => {
    for (const url of [
      "flute://239.255.77.1:4077",
      "flute://10.0.0.1:4077?tsi=5&toi=1&v=2",
      `${URL_OK}&x=1`,
    ]) {
      expect(
        await faultOf(receiveMulticast({ url, fileSize: 10 }, firmwareTrust(), undefined)),
      ).toMatchObject({
        code: 9013,
      });
    }
  });

  it("answers 9014 cannot join for a box that cannot join the group", async () => {
    const fault = await faultOf(
      receiveMulticast({ url: URL_OK, fileSize: 10 }, firmwareTrust(), "multicast_join"),
    );
    expect(fault).toEqual({ code: 9014, message: "cannot join multicast group" });
  });
});
