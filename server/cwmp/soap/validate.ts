// What a CPE may POST, checked before anything is recorded: the message must be one a CPE sends
// (not InformResponse or an ACS request), and an Inform must carry a usable identity.
import type { XmlLimits } from "../xml";
import { isFromCpe } from "./direction";
import { parseEnvelope } from "./envelope";
import { informIdentityProblem } from "./rpc-inform";
import { SoapError } from "./soap-error";
import type { Envelope, FromCpe } from "./types";

/** parseEnvelope plus the CPE-side checks. Throws SoapError (8000 wrong direction, 8003 bad identity). */
export function parseCpeEnvelope(input: string | Uint8Array, limits?: Partial<XmlLimits>): Envelope<FromCpe> {
  const envelope = parseEnvelope(input, limits);
  return checkFromCpe(envelope);
}

export function checkFromCpe(envelope: Envelope): Envelope<FromCpe> {
  const body = envelope.body;
  if (!isFromCpe(body.name)) {
    throw new SoapError(8000, "wrong-direction", `${body.name} is sent by an ACS, not by a CPE`);
  }
  if (body.name === "Inform") {
    const problem = informIdentityProblem(body);
    if (problem) throw new SoapError(8003, "bad-identity", problem);
  }
  return envelope as Envelope<FromCpe>;
}
