import { describe, expect, it } from "vitest";
import { parseCsv, parseLineupCsv, parseTopologyCsv } from "./topology-csv";

describe("parseCsv", () => {
  it("reads RFC 4180 quoting, CRLF, a BOM and line breaks inside quotes, with each record's line", () => {
    const { records, problems } = parseCsv('\ufeffa,b\r\n"x, ""y""","multi\nline"\r\n\r\nlast,1');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['x, "y"', "multi\nline"] },
      { line: 5, cells: ["last", "1"] },
    ]);
  });

  it("reports an unterminated quote", () => {
    const { problems } = parseCsv('a,b\n"open,1\n');
    expect(problems).toEqual([{ line: 2, message: "unterminated quoted cell" }]);
  });
});

describe("parseTopologyCsv", () => {
  it("keeps good rows, reports bad ones by line", () => {
    const csv = [
      "household,access_node,access_port,region,access_kind",
      "SUB1,DSLAM-N-01,1/1/1,North,DSLAM",
      ",DSLAM-N-01,1/1/2,North,DSLAM",
      "SUB2,,,,DSLAM",
      "SUB3,OLT-1,1/1,South,FIBRE",
      "SUB1,DSLAM-N-02,1/1/1,North,DSLAM",
      "SUB4,<script>,1,North,DSLAM",
      'SUB5,"DSLAM-S-01",1/2/3,South,olt',
    ].join("\n");
    const { rows, problems } = parseTopologyCsv(csv);
    expect(rows.map((r) => r.household)).toEqual(["SUB1", "SUB5"]);
    expect(rows[1]).toMatchObject({ accessNode: "DSLAM-S-01", accessKind: "OLT", line: 8 });
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(problems[0]!.message).toMatch(/household is empty/);
    expect(problems[3]!.message).toMatch(/already on line 2/);
  });

  it("refuses a file without the header, accepts columns in any order", () => {
    expect(parseTopologyCsv("a,b\n1,2").problems[0]!.message).toMatch(/header is missing household/);
    expect(parseTopologyCsv("").problems[0]!.message).toMatch(/empty/);
    const { rows } = parseTopologyCsv(
      "region,household,access_kind,access_port,access_node\nWest,SUB9,,,N-9",
    );
    expect(rows[0]).toMatchObject({
      household: "SUB9",
      region: "West",
      accessNode: "N-9",
      accessKind: "DSLAM",
    });
  });
});

describe("parseTopologyCsv segment column", () => {
  it("is optional: without it rows carry null (keep what is stored)", () => {
    const { rows } = parseTopologyCsv(
      "household,access_node,access_port,region,access_kind\nSUB1,N-1,1,North,",
    );
    expect(rows[0]!.segment).toBeNull();
  });

  it("is trimmed, may be empty, and refuses long or odd labels row by row", () => {
    const csv = [
      "household,access_node,access_port,region,access_kind,Segment",
      "SUB1,N-1,1,North,, premium ",
      "SUB2,N-1,2,North,,",
      "SUB3,N-1,3,North,,Family_Pack-2",
      `SUB4,N-1,4,North,,${"x".repeat(65)}`,
      "SUB5,N-1,5,North,,<b>gold</b>",
      'SUB6,N-1,6,North,,"basic;drop"',
      `SUB7,N-1,7,North,,${"y".repeat(64)}`,
      "SUB8,N-1,8,North,,Basic Plus",
    ].join("\r\n");
    const { rows, problems } = parseTopologyCsv(csv);
    expect(rows.map((r) => [r.household, r.segment])).toEqual([
      ["SUB1", "premium"],
      ["SUB2", ""],
      ["SUB3", "Family_Pack-2"],
      ["SUB7", "y".repeat(64)],
      ["SUB8", "Basic Plus"],
    ]);
    expect(problems.map((p) => p.line)).toEqual([5, 6, 7]);
    expect(problems[0]!.message).toMatch(/segment is longer than 64/);
    expect(problems[1]!.message).toMatch(/segment "<b>gold<\/b>" may only hold/);
  });
});

describe("parseLineupCsv", () => {
  it("reads insertion points and checks groups and numbers", () => {
    const csv = [
      "number,name,multicast_group,uri,headend,insertion_points",
      "1,TF1 HD,239.100.0.1,igmp://239.100.0.1:5000,SHE-Paris,North=RH-North;South=RH-South",
      "x,Bad number,239.100.0.2,,SHE-Paris,",
      "3,Bad group,10.0.0.1,,SHE-Paris,",
      "4,Bad insertion,239.100.0.4,,SHE-Paris,North",
      "5,No chain,,,,",
    ].join("\r\n");
    const { rows, problems } = parseLineupCsv(csv);
    expect(rows.map((r) => r.name)).toEqual(["TF1 HD", "No chain"]);
    expect(rows[0]!.insertionPoints).toEqual([
      { region: "North", point: "RH-North" },
      { region: "South", point: "RH-South" },
    ]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5]);
  });
});
