import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";

describe("CSV cells", () => {
  it("quotes every cell, plain values included, and doubles quotes", () => {
    expect(csvCell("ACME")).toBe('"ACME"');
    expect(csvCell("")).toBe('""');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvLine(["a", "b,c", "d\r\ne"])).toBe('"a","b,c","d\r\ne"\r\n');
  });

  it.each(["=", "+", "-", "@", "\t", "\r"])("defuses a leading %j", (start) => {
    expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
  });

  it("defuses a formula start after a separator inside the cell, not only at its start", () => {
    expect(csvCell('lab;=HYPERLINK("http://127.0.0.1/x")')).toBe(
      '"lab;\'=HYPERLINK(""http://127.0.0.1/x"")"',
    );
    expect(csvCell("a\t@SUM(A1)")).toBe('"a\t\'@SUM(A1)"');
    expect(csvCell("a,+1")).toBe('"a,\'+1"');
    expect(csvCell("a\n-1")).toBe('"a\n\'-1"');
    // A separator that is itself a formula start is defused, and so is what follows it.
    expect(csvCell("a;\t=1")).toBe("\"a;'\t'=1\"");
  });

  it("leaves formula characters elsewhere alone", () => {
    expect(csvCell("4.14.0-rc1")).toBe('"4.14.0-rc1"');
    expect(csvCell("a=b c@d")).toBe('"a=b c@d"');
  });
});
