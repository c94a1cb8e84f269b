import { describe, expect, it } from "vitest";
import { REDACTED } from "../datamodel/secret-parameters";
import { dmDocument, storableAnswer, withoutUrlCredentials } from "./identity";

describe("mobile parameter document", () => {
  it("never keeps a URL's password (FUMO PkgURL carries a transfer grant)", () => {
    const doc = dmDocument(
      {
        "./FUMO/1/DownloadAndUpdate/PkgURL": {
          value: "http://g-12:s3cret-pass@127.0.0.1:7549/images/fw.bin",
        },
      },
      1,
    );
    expect(doc["./FUMO/1/DownloadAndUpdate/PkgURL"]?.v).toBe(
      `http://g-12:${REDACTED}@127.0.0.1:7549/images/fw.bin`,
    );
    expect(JSON.stringify(doc)).not.toContain("s3cret-pass");
  });

  it("leaves values without user information alone", () => {
    expect(withoutUrlCredentials("http://127.0.0.1:7549/a@b")).toBe("http://127.0.0.1:7549/a@b");
    expect(withoutUrlCredentials("en-US")).toBe("en-US");
  });
});

describe("values PostgreSQL cannot store", () => {
  it("are stored with U+FFFD in place of NUL and of a surrogate the 4096-character cut splits", () => {
    const astral = "\u{1F4FA}"; // two UTF-16 units
    const cut = `${"x".repeat(4095)}${astral}`; // the cut keeps only the high surrogate
    const doc = dmDocument(
      {
        "./DevInfo/Ext/Opaque": { value: "a\u0000b", format: "b64\u0000" },
        "./DevInfo/Ext/Long": { value: cut },
        "./DevInfo/Ext/Bad\u0000Uri": { value: "v" },
      },
      1,
    );
    expect(doc["./DevInfo/Ext/Opaque"]).toEqual({ v: "a\uFFFDb", t: "b64\uFFFD", ts: 1 });
    expect(doc["./DevInfo/Ext/Long"]?.v).toBe(`${"x".repeat(4095)}\uFFFD`);
    expect(Object.keys(doc)).toEqual(["./DevInfo/Ext/Opaque", "./DevInfo/Ext/Long"]);
    // What jsonb would refuse: an escaped NUL or a lone surrogate.
    expect(JSON.stringify(doc)).not.toMatch(/\\u0000|\\ud[89ab]/i);
  });
});

describe("a task's stored answer", () => {
  it("masks URL passwords and replaces what jsonb refuses, at any depth", () => {
    const answer = {
      answers: [
        {
          kind: "Get",
          results: [
            { uri: "./A", data: "x\u0000y" },
            { uri: "./FUMO/1/DownloadAndUpdate/PkgURL", data: "http://g:pw@127.0.0.1/fw" },
            { uri: "./B", data: "\uD83D" },
          ],
        },
      ],
      code: 200,
    };
    expect(storableAnswer(answer)).toEqual({
      answers: [
        {
          kind: "Get",
          results: [
            { uri: "./A", data: "x\uFFFDy" },
            { uri: "./FUMO/1/DownloadAndUpdate/PkgURL", data: `http://g:${REDACTED}@127.0.0.1/fw` },
            { uri: "./B", data: "\uFFFD" },
          ],
        },
      ],
      code: 200,
    });
  });
});
