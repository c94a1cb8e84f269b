// CWMP codec speed (the figures unit tests used to assert as time budgets):
//   npx tsx bench/codec.ts            # table of medians against the budgets
//   npx tsx bench/codec.ts --check    # also exit 1 when a median is over its budget
// Warm per-operation costs of the XML reader and the SOAP round trip, and how long the codec takes
// to refuse hostile input. Medians of several rounds, on whatever else the machine is doing: compare
// runs on one machine, and repeat before believing a change.
import { performance } from "node:perf_hooks";
import { parseEnvelope, serializeEnvelope } from "../server/cwmp/soap";
import { parseXml } from "../server/cwmp/xml";
import { fill, makeDevices } from "./devices";

const ROUNDS = 7;

interface Row {
  name: string;
  /** Median over ROUNDS, in milliseconds per operation. */
  medianMs: number;
  budgetMs: number;
}

/** Median ms per call of `fn` over ROUNDS rounds of `perRound` calls, after `warm` unmeasured calls. */
function measure(fn: () => void, perRound: number, warm: number): number {
  for (let i = 0; i < warm; i++) fn();
  const perOp: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) fn();
    perOp.push((performance.now() - t0) / perRound);
  }
  perOp.sort((a, b) => a - b);
  return perOp[Math.floor(perOp.length / 2)] ?? Number.NaN;
}

/** Runs `fn`, which must throw (a refusal); returns nothing, rethrows if it did not. */
function refused(fn: () => unknown): () => void {
  return () => {
    try {
      fn();
    } catch {
      return;
    }
    throw new Error("hostile input was accepted");
  };
}

const parameters = Array.from({ length: 40 }, (_, i) => ({
  name: `Device.X.${i}.Name`,
  value: `value ${i}`,
  type: "string" as const,
}));
const doc = `<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${parameters
  .map((p) => `<P><Name>${p.name}</Name><Value xsi:type="xsd:string">${p.value}</Value></P>`)
  .join("")}</r>`;
// A simulated CPE's steady-state Inform (as the load benchmark sends it), carrying the 40 parameters.
const [device] = makeDevices(1, "http://127.0.0.1:9/");
if (!device) throw new Error("the simulator planned no device");
const simInform = parseEnvelope(fill(device.inform, "1"));
if (simInform.body.name !== "Inform") throw new Error("the simulated Inform did not parse as one");
const informXml = serializeEnvelope({ ...simInform, body: { ...simInform.body, parameterList: parameters } });

const ENV_OPEN =
  '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Header><cwmp:ID>1</cwmp:ID></soap-env:Header>';
const laughs =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&${i === 0 ? "lol" : `lol${i}`};`.repeat(10)}">`,
  ).join("") +
  `]>${ENV_OPEN}<soap-env:Body><cwmp:Reboot><CommandKey>&lol9;</CommandKey></cwmp:Reboot></soap-env:Body></soap-env:Envelope>`;
const deep = `${ENV_OPEN}<soap-env:Body>${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}</soap-env:Body></soap-env:Envelope>`;
const huge = `${ENV_OPEN}<soap-env:Body>${"x".repeat(64 * 1024 * 1024)}`;
const flood = `${ENV_OPEN}<soap-env:Body><cwmp:GetParameterValues><ParameterNames>${"<string>a</string>".repeat(
  300_000,
)}</ParameterNames></cwmp:GetParameterValues></soap-env:Body></soap-env:Envelope>`;

const rows: Row[] = [
  { name: "parseXml, ~5 KB / 40 parameters", medianMs: measure(() => parseXml(doc), 500, 200), budgetMs: 1 },
  {
    name: "Inform of 40 parameters, parse + serialize",
    medianMs: measure(() => serializeEnvelope(parseEnvelope(informXml)), 500, 200),
    budgetMs: 1,
  },
  {
    name: "refuse: billion laughs",
    medianMs: measure(
      refused(() => parseEnvelope(laughs)),
      20,
      5,
    ),
    budgetMs: 1000,
  },
  {
    name: "refuse: 100,000-deep nesting",
    medianMs: measure(
      refused(() => parseEnvelope(deep)),
      5,
      1,
    ),
    budgetMs: 1000,
  },
  {
    name: "refuse: 64 MiB string body",
    medianMs: measure(
      refused(() => parseEnvelope(huge)),
      5,
      1,
    ),
    budgetMs: 1000,
  },
  {
    name: "refuse: element flood (stops at 200,000)",
    medianMs: measure(
      refused(() => parseEnvelope(flood)),
      1,
      1,
    ),
    budgetMs: 3000,
  },
];

console.log("| operation | median ms/op | budget ms | |");
console.log("| --- | ---: | ---: | --- |");
for (const r of rows) {
  const verdict = r.medianMs <= r.budgetMs ? "ok" : "OVER";
  console.log(`| ${r.name} | ${r.medianMs.toFixed(r.medianMs < 1 ? 4 : 1)} | ${r.budgetMs} | ${verdict} |`);
}
if (process.argv.includes("--check") && rows.some((r) => r.medianMs > r.budgetMs)) process.exitCode = 1;
