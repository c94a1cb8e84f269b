// Worker entry for the FLUTE sender. Plain JavaScript so a worker thread can start it in every way
// Vantage runs (tsx in `npm start`, `node --import tsx`, vitest's forks): it registers tsx's loader in
// this thread, then loads the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./sender-worker.ts");
