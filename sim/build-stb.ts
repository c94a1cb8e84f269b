// The STB tree: TR-181 Device:2.17 root (DeviceInfo, ManagementServer, GatewayInfo, Hosts, IP
// diagnostics) with TR-135 STBService:1.4 mounted at Device.Services.STBService.1.
import { addDiagnostics, addManagementServer, addUpTime, type BuildContext } from "./build-common";
import { addBulkData } from "./monitoring/bulkdata-tree";
import { followChannel } from "./monitoring/stb-counters";
import { lineUpOf } from "./monitoring/households";
import { channelAt } from "./monitoring/viewing";
import { CHANNELS, lineUp } from "./monitoring/world";
import { ParamTree } from "./param-tree";
import { addSoftwareModules } from "./software-modules";

export const STB = "Device.Services.STBService.1.";
export const MAIN_STREAM = `${STB}ServiceMonitoring.MainStream.1.`;
export const AUDIENCE = `${STB}Applications.AudienceStats.`;
export { CHANNELS } from "./monitoring/world";

export function buildStb(ctx: BuildContext): ParamTree {
  const { identity: id, rng } = ctx;
  const gw = ctx.household.find((d) => d.kind === "dng" && d.serial === id.gatewaySerial);
  const t = new ParamTree("Device.");
  t.fill("Device.", { RootDataModelVersion: "2.17" });
  t.fill("Device.DeviceInfo.", {
    Manufacturer: id.vendor.manufacturer,
    ManufacturerOUI: id.vendor.oui,
    ModelName: id.vendor.modelName,
    Description: `${id.vendor.manufacturer} ${id.vendor.modelName} IPTV set-top box`,
    ProductClass: id.vendor.productClass,
    SerialNumber: id.serial,
    HardwareVersion: id.hardwareVersion,
    SoftwareVersion: id.softwareVersion,
    ProvisioningCode: id.subscriberId,
  });
  addUpTime(t, "Device.DeviceInfo.UpTime", ctx);
  t.fill("Device.DeviceInfo.MemoryStatus.", { Total: 1048576, Free: rng.int(200000, 600000) });
  t.fill("Device.DeviceInfo.ProcessStatus.", { CPUUsage: rng.int(3, 40) });
  addManagementServer(t, "Device.", ctx);
  t.fill("Device.GatewayInfo.", {
    ManufacturerOUI: gw?.vendor.oui ?? "",
    ProductClass: gw?.vendor.productClass ?? "",
    SerialNumber: gw?.serial ?? "",
  });
  // The box's own LAN interface: how the ACS learns its MAC and home-network address.
  t.fill("Device.Ethernet.", { InterfaceNumberOfEntries: 1 });
  t.fill("Device.Ethernet.Interface.1.", {
    Enable: true,
    Status: "Up",
    Name: "eth0",
    MACAddress: id.mac,
    MaxBitRate: 1000,
  });
  t.fill("Device.IP.", { InterfaceNumberOfEntries: 1 });
  t.fill("Device.IP.Interface.1.", {
    Enable: true,
    Status: "Up",
    Name: "lan",
    IPv4AddressNumberOfEntries: 1,
  });
  t.fill("Device.IP.Interface.1.IPv4Address.1.", {
    Enable: true,
    Status: "Enabled",
    IPAddress: id.lanIp,
    SubnetMask: "255.255.255.0",
    AddressingType: "DHCP",
  });
  t.fill("Device.Hosts.", { HostNumberOfEntries: 0 });
  t.ensureObject("Device.Hosts.Host.");
  addDiagnostics(t, "Device.IP.Diagnostics.IPPing.", "Device.IP.Diagnostics.TraceRoute.");

  t.fill(STB, { Enable: true });
  const caps = `${STB}Capabilities.`;
  t.fill(caps, { MaxActiveAVStreams: 2, MaxActiveAVPlayers: 2 });
  t.fill(`${caps}FrontEnd.IP.`, {
    MaxActiveIPStreams: 2,
    MaxActiveInboundIPStreams: 2,
    MaxActiveOutboundIPStreams: 0,
    StreamingControlProtocols: "IGMPv3,RTSP",
    StreamingTransportProtocols: "UDP,RTP,HTTP",
    StreamingTransportControlProtocols: "RTCP,AL-FEC",
    DownloadTransportProtocols: "HTTP,HTTPS",
    MultiplexTypes: "MPEG2-TS",
    MaxDejitteringBufferSize: 2097152,
  });
  t.fill(`${caps}AudioDecoder.`, { AudioStandards: "MPEG1-Part3-Layer2,MPEG2-AAC-LC,DOLBY-AC3" });
  t.fill(`${caps}VideoDecoder.`, { VideoStandards: "MPEG2-Part2,MPEG4-Part10" });
  t.fill(`${caps}ServiceMonitoring.`, {
    ServiceTypes: "IPTV,VoD",
    MaxEventsPerSampleInterval: 20,
    MaxActiveMainStreams: 1,
    MinSampleInterval: 10,
    MaxReportSamples: 96,
    HighLevelMetricNames: "",
  });
  t.fill(`${caps}AudienceStats.`, { MaxAudienceStatsChannels: 64 });

  const comp = `${STB}Components.`;
  t.fill(comp, {
    FrontEndNumberOfEntries: 1,
    AudioDecoderNumberOfEntries: 1,
    VideoDecoderNumberOfEntries: 1,
    HDMINumberOfEntries: 1,
  });
  t.fill(`${comp}FrontEnd.1.`, { Enable: true, Status: "Enabled", Name: "IP front end" });
  t.fill(`${comp}FrontEnd.1.IP.`, {
    InboundNumberOfEntries: 1,
    OutboundNumberOfEntries: 0,
    ActiveInboundIPStreams: 0,
    ActiveOutboundIPStreams: 0,
  });
  t.fill(`${comp}FrontEnd.1.IP.Inbound.1.`, {
    Status: "Disabled",
    Name: "",
    StreamingControlProtocol: "IGMPv3",
    StreamingTransportProtocol: "RTP",
    StreamingTransportControlProtocol: "AL-FEC",
    MultiplexType: "MPEG2-TS",
    DownloadTransportProtocol: "",
    SourceAddress: "",
    SourcePort: 0,
    DestinationAddress: "",
    DestinationPort: 5000,
    URI: "",
  });
  t.fill(`${comp}FrontEnd.1.IP.IGMP.`, {
    Enable: true,
    Status: "Enabled",
    MaximumNumberOfConcurrentGroups: 2,
    MaximumNumberOfTrackedGroups: 16,
    LoggingEnable: false,
    DSCPMark: 34,
    VLANIDMark: -1,
    EthernetPriorityMark: -1,
    ClientVersion: "v3",
    ClientRobustness: 2,
    ClientUnsolicitedReportInterval: 10,
    ClientGroupNumberOfEntries: 0,
    ClientGroupStatsNumberOfEntries: 0,
  });
  t.ensureObject(`${comp}FrontEnd.1.IP.IGMP.ClientGroup.`);
  t.ensureObject(`${comp}FrontEnd.1.IP.IGMP.ClientGroupStats.`);
  t.fill(`${comp}FrontEnd.1.IP.Dejittering.`, { BufferSize: 500, BufferInitialLevel: 300 });
  t.fill(`${comp}AudioDecoder.1.`, {
    Enable: true,
    Status: "Enabled",
    Name: "Audio decoder",
    AudioStandard: "MPEG2-AAC-LC",
  });
  t.fill(`${comp}VideoDecoder.1.`, {
    Enable: true,
    Status: "Enabled",
    Name: "Video decoder",
    ContentAspectRatio: "16:9",
  });
  t.fill(`${comp}HDMI.1.`, {
    Enable: true,
    Status: "Enabled",
    Name: "HDMI",
    ResolutionMode: "Auto",
    ResolutionValue: rng.pick(["1920x1080p50Hz", "1280x720p50Hz", "3840x2160p50Hz"]),
  });
  t.fill(`${comp}HDMI.1.DisplayDevice.`, { Status: "Present", Name: "TV", CECSupport: true });

  // What the box shows right now (standby keeps the last channel's name on a disabled stream).
  const fallback = rng.pick(CHANNELS);
  const channels = lineUpOf(lineUp(), id);
  const showing = channels.find((c) => c.name === channelAt(id.seed, Date.now(), channels));
  const channel = showing?.name ?? fallback;
  t.fill(`${STB}AVStreams.`, { ActiveAVStreams: showing ? 1 : 0, AVStreamNumberOfEntries: 1 });
  t.fill(`${STB}AVStreams.AVStream.1.`, {
    Status: showing ? "Enabled" : "Disabled",
    Name: channel,
    PVRState: "Disabled",
    FrontEnd: `${comp}FrontEnd.1`,
    AudioDecoder: `${comp}AudioDecoder.1`,
    VideoDecoder: `${comp}VideoDecoder.1`,
  });
  t.fill(`${STB}AVPlayers.`, {
    ActiveAVPlayers: 1,
    AVPlayerNumberOfEntries: 1,
    PreferredAudioLanguage: "fra",
    PreferredSubtitlingLanguage: "fra",
  });
  t.fill(`${STB}AVPlayers.AVPlayer.1.`, {
    Enable: true,
    Status: "Enabled",
    Name: "Main screen",
    AudioLanguage: "fra",
    SubtitlingStatus: "Disabled",
    MainStream: `${STB}AVStreams.AVStream.1`,
  });

  t.fill(`${STB}ServiceMonitoring.`, {
    SampleEnable: false,
    SampleState: "Disabled",
    SampleInterval: 300,
    ReportSamples: 12,
    EventsPerSampleInterval: 10,
    FetchSamples: 0,
    TimeReference: "0001-01-01T00:00:00Z",
    ForceSample: false,
    ReportStartTime: "0001-01-01T00:00:00Z",
    ReportEndTime: "0001-01-01T00:00:00Z",
    MainStreamNumberOfEntries: 0,
  });
  // MainStream.1 with every Total./Sample. statistic the model defines (defaults: zeros, empty lists).
  t.addInstance(`${STB}ServiceMonitoring.MainStream.`, 1);
  t.set(`${MAIN_STREAM}Enable`, true);
  t.set(`${MAIN_STREAM}Status`, "Enabled");
  t.set(`${MAIN_STREAM}ServiceType`, "IPTV");
  t.set(`${MAIN_STREAM}AVStream`, `${STB}AVStreams.AVStream.1`);
  t.set(`${MAIN_STREAM}ChannelChangeFailureTimeout`, 5);

  t.fill(`${STB}Applications.`, { ServiceProviderNumberOfEntries: 0 });
  t.fill(AUDIENCE, { Enable: true, Reset: false, ResetTime: 0, ChannelNumberOfEntries: 0 });
  t.ensureObject(`${AUDIENCE}Channel.`);
  addSoftwareModules(t);
  if (id.vendor.bulkData) addBulkData(t, "Device.");
  if (showing) followChannel(t, showing, null);
  t.refreshAllCounts();
  return t;
}
