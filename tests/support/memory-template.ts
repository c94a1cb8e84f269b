// Vitest setup (every test file): in-memory databases start from the run's migrated dump
// (tests/support/global-setup.ts).
import { inject } from "vitest";
import { startMemoryDatabasesFrom } from "../../server/database/memory-template";

startMemoryDatabasesFrom(inject("pgliteTemplate"));
