// Inform and InformResponse (TR-069 A.3.3.1).
import { type MessageNamed, type RpcCodec } from "./codec";
import { canonicalEventCode } from "./event-codes";
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
        eventCode: canonicalEventCode(token(e, "EventCode")),
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

/** TR-069 A.3.3.1 DeviceIdStruct maximum lengths. */
const DEVICE_ID_MAX_LENGTHS = {
  manufacturer: 64,
  oui: 6,
  productClass: 64,
  serialNumber: 64,
} as const;

/**
 * Why an Inform's identity cannot be stored, or null. OUI and SerialNumber make the device key and
 * must be present; no field may exceed its TR-069 length (a column, a search index and the other
 * devices' lookups depend on them).
 */
/**
 * The string's length in characters (code points), counted only as far as needed: no more UTF-16 units
 * than `max` means no more characters either. Runs on every Inform (no array per field).
 */
function codePoints(text: string, max: number): number {
  if (text.length <= max) return text.length;
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && k + 1 < text.length) {
      const next = text.charCodeAt(k + 1);
      if (next >= 0xdc00 && next <= 0xdfff) k++;
    }
    n++;
  }
  return n;
}

export function informIdentityProblem(inform: MessageNamed<"Inform">): string | null {
  const id = inform.deviceId;
  if (id.oui === "" && id.serialNumber === "" && id.manufacturer === "" && id.productClass === "") {
    return "Inform without DeviceId";
  }
  if (id.oui === "") return "DeviceId OUI is empty";
  if (id.serialNumber === "") return "DeviceId SerialNumber is empty";
  for (const field of ["oui", "productClass", "serialNumber", "manufacturer"] as const) {
    const max = DEVICE_ID_MAX_LENGTHS[field];
    if (codePoints(id[field], max) > max) return `DeviceId ${field} is longer than ${max} characters`;
  }
  return null;
}
