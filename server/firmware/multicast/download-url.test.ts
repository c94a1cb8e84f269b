import { describe, expect, it } from "vitest";
import { multicastDownloadUrl, parseMulticastDownloadUrl } from "./download-url";

const session = {
  source: "10.251.77.1",
  group: "239.255.42.1",
  port: 4001,
  tsi: 123456,
  toi: 1,
  version: 2 as const,
};

describe("multicast Download URL", () => {
  it("carries the session and the image signature, and parses back", () => {
    const sig = Buffer.alloc(64, 0xfb);
    const url = multicastDownloadUrl(session, sig.toString("base64"));
    expect(url).toBe(
      `flute://10.251.77.1@239.255.42.1:4001?tsi=123456&toi=1&v=2&sig=${sig.toString("base64url")}`,
    );
    expect(url.length).toBeLessThanOrEqual(256);
    const back = parseMulticastDownloadUrl(url);
    expect(back?.session).toEqual(session);
    expect(back?.signature?.equals(sig)).toBe(true);
  });

  it("works without a signature and refuses what is not a session", () => {
    const url = multicastDownloadUrl(session, null);
    expect(parseMulticastDownloadUrl(url)).toEqual({ session });
    expect(parseMulticastDownloadUrl("http://10.0.0.1/fw.bin")).toBeNull();
    expect(parseMulticastDownloadUrl(`${url}&sig=`)).toBeNull();
    expect(parseMulticastDownloadUrl(`${url}&sig=${"A".repeat(300)}`)).toBeNull();
    expect(parseMulticastDownloadUrl("flute://10.0.0.1@10.0.0.2:4001?tsi=1&toi=1&v=2")).toBeNull();
  });

  it("drops a signature that would make the URL longer than TR-069's 256 characters", () => {
    const long = {
      ...session,
      source: "fd00:1234:5678:9abc:def0:1234:5678:9abc",
      group: "ff15::1234:5678:9abc:def0",
    };
    const url = multicastDownloadUrl(long, Buffer.alloc(150, 1).toString("base64"));
    expect(url).not.toContain("sig=");
  });
});
