// The Node flags a Vantage node runs with (`npm start`, package.json; the benchmarks' targets use the
// same, bench/target-process.ts). Given at start: V8 sizes the young generation when the process
// begins (v8.setFlagsFromString later does not resize it), and the flags are measured as given there.
//
// --max-semi-space-size=32: a first contact allocates a few MB of short-lived objects (the parsed
// answers of a whole-tree read, its document, the statements' parameters); with V8's default 16 MB
// semi-spaces a boot storm's node spent ~7.5 % of its samples in the garbage collector, and 32 MB ones
// drained a 3,000-CPE storm 6-8 % sooner (bench/storm.ts, alternating runs: 33.0-33.9 s against
// 35.9-36.4 s) for ~10-60 MB more RSS.
//
// --no-allocation-site-pretenuring: V8 allocates objects of a code site straight in the old generation
// once most of them survived a scavenge. A CWMP session's objects outlive one scavenge only when it
// catches them in flight, yet some sites crossed that line; their old, dead objects then kept the young
// objects they point to alive through every scavenge (the scavenger takes old-to-new pointers as
// roots), those were promoted too, and the state fed itself for the process's life: 5.4 % of a periodic
// session's 63 KiB promoted, a mark-compact every few seconds, in most runs of the same code and ~1.7 %
// in the others. Without it, 0.8-1.2 % in every run, scavenge pauses halved (~120 against ~210 ms in
// 8 s), no mark-compact (`npm run bench -- --targets postgres --gc`, four alternating pairs).
export const NODE_FLAGS = ["--max-semi-space-size=32", "--no-allocation-site-pretenuring"] as const;
