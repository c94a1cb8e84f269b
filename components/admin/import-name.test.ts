import { describe, expect, it } from "vitest";
import { nameAfterFileChoice, nameOfFile } from "./import-name";

describe("nameAfterFileChoice", () => {
  it("takes the file's name when the name is empty", () => {
    expect(nameAfterFileChoice("", undefined, "acme-stb.xml")).toBe("acme-stb");
  });

  it("follows the last chosen file while the name is the one a file suggested", () => {
    const first = nameAfterFileChoice("", undefined, "first.xml");
    expect(nameAfterFileChoice(first, nameOfFile("first.xml"), "second.XML")).toBe("second");
  });

  it("keeps a name the operator typed", () => {
    expect(nameAfterFileChoice("ACME STB", "first", "second.xml")).toBe("ACME STB");
    expect(nameAfterFileChoice("ACME STB", undefined, "second.xml")).toBe("ACME STB");
  });
});
