import { describe, expect, it } from "vitest";
import { pickVersion } from "./inform-admission";

describe("pickVersion", () => {
  it("answers with the highest version both sides speak", () => {
    expect(pickVersion("1.0,1.1,1.2,1.4")).toBe("1.4");
    expect(pickVersion(" 1.0 , 1.2 ")).toBe("1.2");
  });

  it("falls back to 1.0 when the CPE lists nothing we speak", () => {
    expect(pickVersion("2.0,9.9")).toBe("1.0");
    expect(pickVersion("")).toBe("1.0");
  });
});
