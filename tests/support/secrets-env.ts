// Vitest setup (every test file): a throw-away secrets file, so nothing a test seals ever creates a key
// under the repository's ./data. Child processes the tests start inherit it through the environment.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "vantage-test-secrets-"));
process.env.SECRETS_FILE = path.join(dir, "secrets.json");

afterAll(() => rmSync(dir, { recursive: true, force: true }));
