import { describe, expect, it } from "vitest";
import { REDACTED } from "../datamodel/secret-parameters";
import { dmDocument, withoutUrlCredentials } from "./identity";

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
