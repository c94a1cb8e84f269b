// Inform and InformResponse (TR-069 A.3.3.1).
import { type MessageNamed, type RpcCodec } from "./codec";
import { child, int, items, str, token } from "./read";
import { parseParameterValues, writeParameterValues } from "./rpc-parameters";
import { array, leaf, leafInt } from "./write";

export const inform: RpcCodec<MessageNamed<"Inform">> = {
  parse: (el) => {
    const id = child(el, "DeviceId");
    return {
      name: "Inform",
      deviceId: {
        manufacturer: id === undefined ? "" : str(id, "Manufacturer"),
        oui: id === undefined ? "" : token(id, "OUI"),
        productClass: id === undefined ? "" : str(id, "ProductClass"),
        serialNumber: id === undefined ? "" : token(id, "SerialNumber"),
      },
      events: items(child(el, "Event")).map((e) => ({
        eventCode: token(e, "EventCode"),
        commandKey: str(e, "CommandKey"),
      })),
      maxEnvelopes: int(el, "MaxEnvelopes"),
      // Kept as sent: CPEs omit the zone or send garbage like "2019-03-05T11:54::14".
      currentTime: str(el, "CurrentTime"),
      retryCount: int(el, "RetryCount"),
      parameterList: parseParameterValues(child(el, "ParameterList")),
    };
  },
  write: (m) =>
    "<DeviceId>" +
    leaf("Manufacturer", m.deviceId.manufacturer) +
    leaf("OUI", m.deviceId.oui) +
    leaf("ProductClass", m.deviceId.productClass) +
    leaf("SerialNumber", m.deviceId.serialNumber) +
    "</DeviceId>" +
    array(
      "Event",
      "cwmp:EventStruct",
      m.events.map(
        (e) =>
          `<EventStruct>${leaf("EventCode", e.eventCode)}${leaf("CommandKey", e.commandKey)}</EventStruct>`,
      ),
    ) +
    leafInt("MaxEnvelopes", m.maxEnvelopes) +
    leaf("CurrentTime", m.currentTime) +
    leafInt("RetryCount", m.retryCount) +
    writeParameterValues(m.parameterList),
};

export const informResponse: RpcCodec<MessageNamed<"InformResponse">> = {
  parse: (el) => ({ name: "InformResponse", maxEnvelopes: int(el, "MaxEnvelopes") }),
  write: (m) => leafInt("MaxEnvelopes", m.maxEnvelopes),
};
