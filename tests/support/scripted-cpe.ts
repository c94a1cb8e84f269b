// A CPE driven step by step by a test: it POSTs exactly the envelopes the test gives it, keeps the
// session cookie (unless told not to) and one keep-alive connection, and returns what the ACS said.
import http from "node:http";
import { parseEnvelope, serializeEnvelope } from "../../server/cwmp/soap";
import type {
  CpeRequest,
  CpeResponse,
  CwmpFault,
  Envelope,
  FromAcs,
  InformRequest,
} from "../../server/cwmp/soap/types";

export interface AcsAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  envelope?: Envelope<FromAcs>;
}

export class ScriptedCpe {
  private cookie?: string;
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  /** Connections left open by newConnection(), closed with the CPE. */
  private readonly earlier: http.Agent[] = [];
  authorization?: string;

  constructor(
    private readonly acsUrl: string,
    private readonly options: { cookies?: boolean; namespace?: string } = {},
  ) {}

  async inform(inform: InformRequest, id = "1"): Promise<AcsAnswer> {
    return this.send(inform, id);
  }

  async send(body: CpeRequest | CpeResponse | CwmpFault, id = "1"): Promise<AcsAnswer> {
    const text = serializeEnvelope({
      cwmpNamespace: this.options.namespace ?? "urn:dslforum-org:cwmp-1-0",
      version: "1.0",
      header: { id },
      body,
    });
    return this.post(text);
  }

  async empty(): Promise<AcsAnswer> {
    return this.post("");
  }

  post(body: string | Buffer, extraHeaders: Record<string, string> = {}): Promise<AcsAnswer> {
    const url = new URL(this.acsUrl);
    const headers: Record<string, string | number> = {
      "Content-Type": "text/xml; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      SOAPAction: "",
      ...extraHeaders,
    };
    if (this.cookie && this.options.cookies !== false) headers.Cookie = this.cookie;
    if (this.authorization) headers.Authorization = this.authorization;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const setCookie = res.headers["set-cookie"]?.[0];
            if (setCookie) this.cookie = setCookie.split(";")[0];
            const text = Buffer.concat(chunks).toString("utf8");
            let envelope: Envelope<FromAcs> | undefined;
            if (text.trim()) {
              try {
                envelope = parseEnvelope(text) as Envelope<FromAcs>;
              } catch {
                envelope = undefined;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, envelope });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Send what follows on a new TCP connection, keeping the cookie; the old connection stays open. */
  newConnection(): void {
    this.earlier.push(this.agent);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /** Drop the connection abruptly (like a CPE that exits or reboots); later sends use a new one. */
  dropConnection(): void {
    this.agent.destroy();
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  close(): void {
    this.agent.destroy();
    for (const agent of this.earlier) agent.destroy();
  }
}

export function makeInform(
  serial: string,
  events: string[],
  extra: Partial<InformRequest> = {},
): InformRequest {
  return {
    name: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "IPTV-STB", serialNumber: serial },
    events: events.map((eventCode) => ({ eventCode, commandKey: "" })),
    maxEnvelopes: 1,
    currentTime: "2026-11-21T10:00:00Z",
    retryCount: 0,
    parameterList: [
      { name: "Device.DeviceInfo.HardwareVersion", value: "HW1", type: "string" },
      { name: "Device.DeviceInfo.SoftwareVersion", value: "1.0.0", type: "string" },
      { name: "Device.DeviceInfo.ProvisioningCode", value: "SUB-1", type: "string" },
      {
        name: "Device.ManagementServer.ConnectionRequestURL",
        value: "http://127.0.0.1:9/cr",
        type: "string",
      },
      { name: "Device.ManagementServer.ParameterKey", value: "", type: "string" },
      { name: "Device.GatewayInfo.SerialNumber", value: "GW1", type: "string" },
    ],
    ...extra,
  };
}

/**
 * Answer whatever the ACS asks next (first-contact provisioning: credentials, tree reads) with success
 * and empty lists, until it ends the session; returns its last reply (204 when it had nothing left).
 */
export async function answerProvisioning(cpe: ScriptedCpe, maxRpcs = 10): Promise<AcsAnswer> {
  let step = await cpe.empty();
  for (let i = 0; i < maxRpcs && step.envelope; i++) {
    const rpc = step.envelope.body.name;
    const id = step.envelope.header.id;
    if (rpc === "SetParameterValues")
      step = await cpe.send({ name: "SetParameterValuesResponse", status: 0 }, id);
    else if (rpc === "GetParameterNames")
      step = await cpe.send({ name: "GetParameterNamesResponse", parameterList: [] }, id);
    else if (rpc === "GetParameterValues")
      step = await cpe.send({ name: "GetParameterValuesResponse", parameterList: [] }, id);
    else throw new Error(`unexpected ${rpc}`);
  }
  return step;
}

/** An Inform whose ManagementServer.ConnectionRequestURL is `url`. */
export function withConnectionRequestUrl(inform: InformRequest, url: string): InformRequest {
  return {
    ...inform,
    parameterList: inform.parameterList.map((p) =>
      p.name.endsWith("ConnectionRequestURL") ? { ...p, value: url } : p,
    ),
  };
}
