// The Node flags a Vantage node runs with (`npm start`, package.json; the benchmarks' targets use the
// same, bench/target-process.ts). A first contact allocates a few MB of short-lived objects (the parsed
// answers of a whole-tree read, its document, the statements' parameters); with V8's default 16 MB
// semi-spaces a boot storm's node spent ~7.5 % of its samples in the garbage collector, and 32 MB ones
// drained a 3,000-CPE storm 6-8 % sooner (bench/storm.ts, alternating runs: 33.0-33.9 s against
// 35.9-36.4 s) for ~10-60 MB more RSS. The flag only works at start: V8 sizes the young generation
// when the process begins (v8.setFlagsFromString later does not resize it).
export const NODE_FLAGS = ["--max-semi-space-size=32"] as const;
