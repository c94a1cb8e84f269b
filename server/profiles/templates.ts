// The built-in templates: the IIF service profiles as starting points. An operator creates a profile
// from one (an editable copy); the template itself never applies to a device. Every path and value is
// checked against the shipped TR-098 / TR-181 / TR-135 facts by templates.test.ts.
import type { ProfileDefinitionInput } from "../../lib/profiles/definition";

export interface ProfileTemplate {
  id: string;
  name: string;
  description: string;
  definition: ProfileDefinitionInput;
}

type TemplateObject = NonNullable<ProfileDefinitionInput["objects"]>[number];

const IGD = "InternetGatewayDevice.";
const DEV = "Device.";
const STB_TR181 = `${DEV}Services.STBService.1.`;
const STB_TR098 = `${IGD}Services.STBService.1.`;
const PPP = `${IGD}WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.`;

/** The same rows for both roots (TR-098 and TR-181 name many ManagementServer/Time settings alike). */
const bothRoots = (rows: { path: string; value: string }[]) =>
  rows.flatMap((r) => [
    { path: `${IGD}${r.path}`, value: r.value },
    { path: `${DEV}${r.path}`, value: r.value },
  ]);

const stbBoth = (rows: { path: string; value: string }[]) =>
  rows.flatMap((r) => [
    { path: `${STB_TR181}${r.path}`, value: r.value },
    { path: `${STB_TR098}${r.path}`, value: r.value },
  ]);

const PERIODIC_INFORM = [
  { path: "ManagementServer.PeriodicInformEnable", value: "true" },
  { path: "ManagementServer.PeriodicInformInterval", value: "3600" },
];

/**
 * The BulkData profile posting to this ACS's collector: ${bulkdataUrl}, the serial as username and the
 * per-device derived ${bulkdataPassword}; oui/pc/sn in the query so the collector finds the device.
 */
function bulkDataProfile(references: string[]): TemplateObject {
  return {
    path: `${DEV}BulkData.Profile.`,
    key: "Alias",
    exact: false,
    instances: [
      {
        values: {
          Alias: "vantage",
          Enable: "true",
          Protocol: "HTTP",
          EncodingType: "JSON",
          ReportingInterval: "900",
          NumberOfRetainedFailedReports: "4",
          "JSONEncoding.ReportFormat": "NameValuePair",
          "JSONEncoding.ReportTimestamp": "Unix-Epoch",
          "HTTP.URL": "${bulkdataUrl}",
          "HTTP.Username": "${serial}",
          "HTTP.Password": "${bulkdataPassword}",
          "HTTP.Compression": "GZIP",
          "HTTP.Method": "POST",
          "HTTP.UseDateHeader": "true",
        },
        children: [
          {
            path: "Parameter.",
            key: "Reference",
            exact: true,
            instances: references.map((Reference) => ({ values: { Reference } })),
          },
          {
            path: "HTTP.RequestURIParameter.",
            key: "Name",
            exact: true,
            instances: [
              { values: { Name: "oui", Reference: `${DEV}DeviceInfo.ManufacturerOUI` } },
              { values: { Name: "pc", Reference: `${DEV}DeviceInfo.ProductClass` } },
              { values: { Name: "sn", Reference: `${DEV}DeviceInfo.SerialNumber` } },
            ],
          },
        ],
      },
    ],
  };
}

export const PROFILE_TEMPLATES: readonly ProfileTemplate[] = [
  {
    id: "dng-base",
    name: "DNG Base",
    description:
      "Gateway base model: hourly periodic inform, NTP time. Replace ntp.invalid with your NTP servers before enabling.",
    definition: {
      precondition: { kinds: ["GATEWAY"] },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: bothRoots([
        ...PERIODIC_INFORM,
        { path: "Time.Enable", value: "true" },
        { path: "Time.NTPServer1", value: "ntp.invalid" },
      ]),
    },
  },
  {
    id: "dng-monitoring",
    name: "DNG Monitoring",
    description:
      "Gateway monitoring: active notification on WAN status and IP address, passive on DSL and Ethernet statistics and the multicast (IPTV) packet counters. TR-098/TR-181 define no IGMP proxy object, so multicast traffic is watched through these counters.",
    definition: {
      precondition: { kinds: ["GATEWAY"] },
      triggers: ["first_contact", "boot"],
      attributes: [
        { path: `${PPP}ConnectionStatus`, notification: "active" },
        { path: `${PPP}ExternalIPAddress`, notification: "active" },
        { path: `${IGD}WANDevice.1.WANDSLInterfaceConfig.Stats.Total.ErroredSecs`, notification: "passive" },
        {
          path: `${IGD}WANDevice.1.WANDSLInterfaceConfig.Stats.Total.SeverelyErroredSecs`,
          notification: "passive",
        },
        {
          path: `${IGD}LANDevice.1.LANEthernetInterfaceConfig.1.Stats.MulticastPacketsSent`,
          notification: "passive",
        },
        { path: `${DEV}PPP.Interface.1.Status`, notification: "active" },
        { path: `${DEV}IP.Interface.1.IPv4Address.1.IPAddress`, notification: "active" },
        { path: `${DEV}DSL.Line.1.Stats.Total.ErroredSecs`, notification: "passive" },
        { path: `${DEV}DSL.Line.1.Stats.Total.SeverelyErroredSecs`, notification: "passive" },
        { path: `${DEV}Ethernet.Interface.1.Stats.MulticastPacketsSent`, notification: "passive" },
      ],
    },
  },
  {
    id: "itf-base",
    name: "ITF Base",
    description:
      "Set-top box base model: hourly periodic inform, NTP time, HDMI output resolution chosen by the box.",
    definition: {
      precondition: { kinds: ["STB"] },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: [
        ...bothRoots(PERIODIC_INFORM),
        { path: `${DEV}Time.Enable`, value: "true" },
        ...stbBoth([{ path: "Components.HDMI.1.ResolutionMode", value: "Auto" }]),
      ],
    },
  },
  {
    id: "itf-monitoring",
    name: "ITF Monitoring",
    description:
      "TR-135 service monitoring on: samples every 60 s, 12 kept per report, the main IPTV stream watched. Without it, stream statistics read 0.",
    definition: {
      precondition: { kinds: ["STB"] },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: stbBoth([
        { path: "ServiceMonitoring.SampleInterval", value: "60" },
        { path: "ServiceMonitoring.ReportSamples", value: "12" },
        { path: "ServiceMonitoring.SampleEnable", value: "true" },
        { path: "ServiceMonitoring.MainStream.1.Enable", value: "true" },
        { path: "ServiceMonitoring.MainStream.1.ServiceType", value: "IPTV" },
      ]),
    },
  },
  {
    id: "itf-diagnostics",
    name: "ITF Diagnostics",
    description:
      "Diagnostics and fault management: IP ping defaults for help-desk tests, active notification when the main stream stops.",
    definition: {
      precondition: { kinds: ["STB"] },
      triggers: ["first_contact", "boot"],
      parameters: [
        { path: `${DEV}IP.Diagnostics.IPPing.NumberOfRepetitions`, value: "4" },
        { path: `${DEV}IP.Diagnostics.IPPing.Timeout`, value: "1000" },
        { path: `${IGD}IPPingDiagnostics.NumberOfRepetitions`, value: "4" },
        { path: `${IGD}IPPingDiagnostics.Timeout`, value: "1000" },
      ],
      attributes: stbBoth([{ path: "ServiceMonitoring.MainStream.1.Status", value: "" }]).map((r) => ({
        path: r.path,
        notification: "active" as const,
      })),
    },
  },
  {
    id: "itf-audience",
    name: "ITF Audience measurement",
    description:
      "TR-135 audience statistics on (viewing time per channel). Read with the audience pages' privacy rules.",
    definition: {
      precondition: { kinds: ["STB"] },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: stbBoth([{ path: "Applications.AudienceStats.Enable", value: "true" }]),
    },
  },
  {
    id: "tr181-bulkdata",
    name: "TR-181 BulkData",
    description:
      "Set-top boxes post their TR-135 statistics (Sample lists, Totals, the channel watched, IGMP join delays) as gzip JSON to the ACS's BulkData collector every 15 min, each with its own derived password (never stored, never shown). Use with STB service monitoring.",
    definition: {
      // Only boxes with a BulkData object: the others are polled (server/monitoring/poll).
      precondition: {
        roots: ["Device"],
        kinds: ["STB"],
        parameters: [{ path: `${DEV}BulkData.Enable`, op: "exists" }],
      },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: [{ path: `${DEV}BulkData.Enable`, value: "true" }],
      objects: [
        bulkDataProfile([
          `${DEV}DeviceInfo.UpTime`,
          `${STB_TR181}ServiceMonitoring.SampleInterval`,
          `${STB_TR181}ServiceMonitoring.ReportEndTime`,
          `${STB_TR181}ServiceMonitoring.MainStream.1.AVStream`,
          `${STB_TR181}ServiceMonitoring.MainStream.1.Total.`,
          `${STB_TR181}ServiceMonitoring.MainStream.1.Sample.`,
          `${STB_TR181}AVStreams.AVStream.`,
          `${STB_TR181}Components.FrontEnd.1.IP.Inbound.`,
          `${STB_TR181}Components.FrontEnd.1.IP.IGMP.ClientGroupStats.`,
          // Audience measurement (issue 12): per-channel viewing seconds, pseudonymised at collection.
          `${STB_TR181}Applications.AudienceStats.`,
        ]),
      ],
    },
  },
  {
    id: "tr181-bulkdata-dng",
    name: "TR-181 gateway BulkData",
    description:
      "TR-181 gateways post their DSL line statistics (errored seconds, CRC/FEC, rates, noise margins, attenuation) as gzip JSON to the ACS's BulkData collector every 15 min, each with its own derived password. TR-098 gateways have no HTTP BulkData (TR-098 BulkData is IPDR only): the ACS polls their line statistics instead.",
    definition: {
      precondition: {
        roots: ["Device"],
        kinds: ["GATEWAY"],
        parameters: [{ path: `${DEV}BulkData.Enable`, op: "exists" }],
      },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: [{ path: `${DEV}BulkData.Enable`, value: "true" }],
      objects: [
        bulkDataProfile([
          `${DEV}DeviceInfo.UpTime`,
          `${DEV}DSL.Line.1.Stats.`,
          `${DEV}DSL.Line.1.UpstreamNoiseMargin`,
          `${DEV}DSL.Line.1.DownstreamNoiseMargin`,
          `${DEV}DSL.Line.1.DownstreamAttenuation`,
          `${DEV}DSL.Channel.1.Stats.Total.`,
          `${DEV}DSL.Channel.1.UpstreamCurrRate`,
          `${DEV}DSL.Channel.1.DownstreamCurrRate`,
        ]),
      ],
    },
  },
  {
    id: "stb-service-monitoring",
    name: "STB service monitoring",
    description:
      "TR-135 service monitoring for the QoS/QoE dashboards: 5-minute samples, 12 kept (an hour, so a missed report loses nothing), the main IPTV stream watched.",
    definition: {
      precondition: { kinds: ["STB"] },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: stbBoth([
        { path: "ServiceMonitoring.SampleEnable", value: "true" },
        { path: "ServiceMonitoring.SampleInterval", value: "300" },
        { path: "ServiceMonitoring.ReportSamples", value: "12" },
        { path: "ServiceMonitoring.MainStream.1.Enable", value: "true" },
        { path: "ServiceMonitoring.MainStream.1.ServiceType", value: "IPTV" },
      ]),
    },
  },
  {
    id: "tr111-nat-boxes",
    name: "TR-111 NAT traversal (boxes)",
    description:
      "Set-top boxes behind the home gateway's NAT keep a STUN binding open with this ACS (per-device STUN credentials, derived, never shown), so the ACS reaches them with UDP connection requests (TR-069 Annex G). Keep-alive every 15-25 s stays under the 30 s UDP mapping timeout of many home NATs. The box notifies its public UDP address when the mapping changes.",
    definition: {
      precondition: { kinds: ["STB"] },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: bothRoots([
        { path: "ManagementServer.STUNEnable", value: "true" },
        { path: "ManagementServer.STUNServerAddress", value: "${stunServerAddress}" },
        { path: "ManagementServer.STUNServerPort", value: "${stunServerPort}" },
        { path: "ManagementServer.STUNUsername", value: "${stunUsername}" },
        { path: "ManagementServer.STUNPassword", value: "${stunPassword}" },
        { path: "ManagementServer.STUNMinimumKeepAlivePeriod", value: "15" },
        { path: "ManagementServer.STUNMaximumKeepAlivePeriod", value: "25" },
      ]),
      attributes: bothRoots([{ path: "ManagementServer.UDPConnectionRequestAddress", value: "" }]).map(
        (r) => ({ path: r.path, notification: "active" as const }),
      ),
    },
  },
  {
    id: "tr111-association-gateways",
    name: "TR-111 device association (gateways)",
    description:
      "Gateways notify when a box joins or leaves their ManageableDevice table (DHCP option 125); the ACS then re-reads the table and the household view follows.",
    definition: {
      precondition: { kinds: ["GATEWAY"] },
      triggers: ["first_contact", "boot", "periodic"],
      attributes: bothRoots([{ path: "ManagementServer.ManageableDeviceNumberOfEntries", value: "" }]).map(
        (r) => ({ path: r.path, notification: "active" as const }),
      ),
    },
  },
];

export const findTemplate = (id: string) => PROFILE_TEMPLATES.find((t) => t.id === id);
