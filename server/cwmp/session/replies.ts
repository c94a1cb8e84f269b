// The HTTP replies a session step produces: an envelope to the CPE, or a SOAP Fault.
import { serializeEnvelope } from "../soap";
import type { CwmpFault, CwmpHeader, Envelope, FromAcs } from "../soap/types";
import type { Namespaced, Reply } from "./session";

export function envelopeReply(
  session: Namespaced,
  body: FromAcs,
  id: string | undefined,
  header?: CwmpHeader,
): Reply {
  const envelope: Envelope<FromAcs> = {
    cwmpNamespace: session.cwmpNamespace,
    version: session.version,
    header: header ?? { id: id ?? "1" },
    body,
  };
  return { status: 200, body: serializeEnvelope(envelope), ended: false };
}

/** A SOAP Fault (HTTP 400) carrying the cwmp:ID of the message it answers, when there was one. */
export function faultReply(session: Namespaced, fault: CwmpFault, ended: boolean, id?: string): Reply {
  const body = serializeEnvelope({
    cwmpNamespace: session.cwmpNamespace,
    version: session.version,
    header: { id: id ?? "1" },
    body: fault,
  });
  return { status: 400, body, ended };
}
