// Informs sent from a spec as if by a CPE, over real CWMP with HTTP Digest (the simulator's client).
import { CpeHttpClient, type HttpReply } from "../../sim/http-client";
import { serializeEnvelope } from "../../server/cwmp/soap";
import type { InformRequest } from "../../server/cwmp/soap/types";
import { CWMP_URL } from "./constants";

export interface CpeIdentity {
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
}

/** A TR-181 Inform carrying `identity` and `events`, with a loopback connection-request URL. */
export function informOf(identity: CpeIdentity, events: string[]): InformRequest {
  return {
    name: "Inform",
    deviceId: identity,
    events: events.map((eventCode) => ({ eventCode, commandKey: "" })),
    maxEnvelopes: 1,
    currentTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    retryCount: 0,
    parameterList: [
      { name: "Device.DeviceInfo.SoftwareVersion", value: "0.0.0-impostor", type: "string" },
      {
        name: "Device.ManagementServer.ConnectionRequestURL",
        value: "http://127.0.0.1:9/cr",
        type: "string",
      },
      { name: "Device.ManagementServer.ParameterKey", value: "", type: "string" },
    ],
  };
}

/**
 * POSTs one Inform with the given credentials (answering the Digest challenge) and closes the
 * connection: whatever session the ACS opened is abandoned, as by a CPE that goes away.
 */
export async function sendInform(
  inform: InformRequest,
  username: string,
  password: string,
): Promise<HttpReply> {
  const client = new CpeHttpClient(CWMP_URL, username, password, 10_000);
  try {
    const body = serializeEnvelope({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
      version: "1.0",
      header: { id: "1" },
      body: inform,
    });
    return await client.post(body);
  } finally {
    client.close();
  }
}
