import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_FLAGS } from "./node-flags";

describe("NODE_FLAGS", () => {
  it("are the flags `npm start` runs the server with", () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(`tsx ${NODE_FLAGS.join(" ")} server/main.ts`);
  });
});
