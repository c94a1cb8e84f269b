// Where in-memory databases start from. Test runs start a hundred throw-away embedded databases:
// PGlite's own initdb costs ~1.5 s of CPU each, loading a dump of an already migrated one ~0.3 s (and
// the migrations then find nothing to do). Kept apart from embedded.ts so that setting it does not
// load PGlite into processes that never start a database.

let template: string | undefined;

/** Start every later in-memory database from this dump (PGlite dumpDataDir, uncompressed). */
export function startMemoryDatabasesFrom(dumpFile: string | undefined): void {
  template = dumpFile;
}

export function memoryDatabaseTemplate(): string | undefined {
  return template;
}
