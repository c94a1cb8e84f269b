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
      "A BulkData profile posting JSON over HTTP every 300 s. Set the collector URL (replace collector.invalid) and add the secret 'bulkdata' (the collector's password) before enabling.",
    definition: {
      precondition: { roots: ["Device"] },
      triggers: ["first_contact", "boot", "periodic"],
      parameters: [{ path: `${DEV}BulkData.Enable`, value: "true" }],
      objects: [
        {
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
                ReportingInterval: "300",
                "HTTP.URL": "https://collector.invalid/bulkdata",
                "HTTP.Username": "${serial}",
              },
              children: [
                {
                  path: "Parameter.",
                  key: "Reference",
                  exact: true,
                  instances: [
                    { values: { Reference: "Device.DeviceInfo.UpTime" } },
                    {
                      values: {
                        Reference: "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.Total.",
                      },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  },
];

export const findTemplate = (id: string) => PROFILE_TEMPLATES.find((t) => t.id === id);
