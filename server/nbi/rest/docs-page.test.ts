// The console's API docs page (components/api-docs) rendered from the real generated document.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiReference } from "../../../components/api-docs/api-reference";
import { operationsByTag } from "../../../components/api-docs/operations";
import { generateApiDocument } from "./openapi";

describe("API docs page", () => {
  it("lists every operation of the generated document with its scope, and no script", () => {
    const document = generateApiDocument();
    const html = renderToStaticMarkup(
      createElement(ApiReference, { document, baseUrl: "https://acs.example/api/v1" }),
    );
    const ops = [...operationsByTag(document).values()].flat();
    expect(ops.length).toBeGreaterThanOrEqual(14);
    for (const op of ops) {
      expect(html).toContain(`>${op.path}</code>`);
      expect(op.scope).not.toBeNull();
    }
    const queue = ops.find((o) => o.method === "POST" && o.path === "/devices/{id}/tasks");
    expect(queue?.scope).toBe("devices.write");
    expect(queue?.request).toContain("name:");
    expect(html).toContain("Authorization: Bearer vtk_");
    expect(html).not.toContain("<script");
  });
});
