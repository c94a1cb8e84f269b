import { describe, expect, it } from "vitest";
import { summarizeSchema } from "./schema-summary";

describe("summarizeSchema", () => {
  it("writes objects, optional fields, arrays, unions, enums and refs on one line", () => {
    const schema = {
      type: "object",
      properties: {
        id: { type: "integer" },
        tags: { type: "array", items: { type: "string" } },
        lastInform: { anyOf: [{ type: "string" }, { type: "null" }] },
        kind: { type: "string", enum: ["GATEWAY", "STB"] },
        error: { $ref: "#/components/schemas/Error" },
      },
      required: ["id", "tags", "kind"],
    };
    expect(summarizeSchema(schema)).toBe(
      '{ id: integer, tags: string[], lastInform?: string | null, kind: "GATEWAY" | "STB", error?: Error }',
    );
  });

  it("stays bounded on deep or odd input", () => {
    const deep = {
      type: "object",
      properties: {
        a: {
          type: "object",
          properties: {
            b: {
              type: "object",
              properties: { c: { type: "object", properties: { d: { type: "string" } } } },
            },
          },
        },
      },
    };
    expect(summarizeSchema(deep)).toBe("{ a?: { b?: { c?: { … } } } }");
    expect(summarizeSchema(null)).toBe("any");
    expect(summarizeSchema({ type: ["string", "null"] })).toBe("string | null");
  });
});
