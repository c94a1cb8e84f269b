// Parameter RPCs (TR-069 A.3.2.1-A.3.2.6): values, names and attributes.
import type { XmlElement } from "../xml";
import { emptyCodec, type MessageNamed, type RpcCodec } from "./codec";
import { bool, child, int, items, str, token, tokens, xsdTypeOf } from "./read";
import type { ParameterValue } from "./types";
import { array, escapeXml, leaf, leafBool, leafInt, stringArray } from "./write";

export function parseParameterValues(list: XmlElement | undefined): ParameterValue[] {
  return items(list).map((s) => {
    const value = child(s, "Value");
    return {
      name: token(s, "Name"),
      value: value?.text ?? "",
      type: value === undefined ? "string" : xsdTypeOf(value),
    };
  });
}

export function writeParameterValues(list: readonly ParameterValue[]): string {
  return array(
    "ParameterList",
    "cwmp:ParameterValueStruct",
    list.map(
      (p) =>
        `<ParameterValueStruct>${leaf("Name", p.name)}<Value xsi:type="xsd:${p.type}">` +
        `${escapeXml(p.value)}</Value></ParameterValueStruct>`,
    ),
  );
}

export const setParameterValues: RpcCodec<MessageNamed<"SetParameterValues">> = {
  parse: (el) => ({
    name: "SetParameterValues",
    parameterList: parseParameterValues(child(el, "ParameterList")),
    parameterKey: str(el, "ParameterKey"),
  }),
  write: (m) => writeParameterValues(m.parameterList) + leaf("ParameterKey", m.parameterKey),
};

export const setParameterValuesResponse: RpcCodec<MessageNamed<"SetParameterValuesResponse">> = {
  parse: (el) => ({ name: "SetParameterValuesResponse", status: int(el, "Status") }),
  write: (m) => leafInt("Status", m.status),
};

export const getParameterValues: RpcCodec<MessageNamed<"GetParameterValues">> = {
  parse: (el) => ({ name: "GetParameterValues", parameterNames: tokens(child(el, "ParameterNames")) }),
  write: (m) => stringArray("ParameterNames", m.parameterNames),
};

export const getParameterValuesResponse: RpcCodec<MessageNamed<"GetParameterValuesResponse">> = {
  parse: (el) => ({
    name: "GetParameterValuesResponse",
    parameterList: parseParameterValues(child(el, "ParameterList")),
  }),
  write: (m) => writeParameterValues(m.parameterList),
};

export const getParameterNames: RpcCodec<MessageNamed<"GetParameterNames">> = {
  parse: (el) => ({
    name: "GetParameterNames",
    parameterPath: token(el, "ParameterPath"),
    nextLevel: bool(el, "NextLevel"),
  }),
  write: (m) => leaf("ParameterPath", m.parameterPath) + leafBool("NextLevel", m.nextLevel),
};

export const getParameterNamesResponse: RpcCodec<MessageNamed<"GetParameterNamesResponse">> = {
  parse: (el) => ({
    name: "GetParameterNamesResponse",
    parameterList: items(child(el, "ParameterList")).map((s) => ({
      name: token(s, "Name"),
      writable: bool(s, "Writable"),
    })),
  }),
  write: (m) =>
    array(
      "ParameterList",
      "cwmp:ParameterInfoStruct",
      m.parameterList.map(
        (p) =>
          `<ParameterInfoStruct>${leaf("Name", p.name)}${leafBool("Writable", p.writable)}</ParameterInfoStruct>`,
      ),
    ),
};

export const setParameterAttributes: RpcCodec<MessageNamed<"SetParameterAttributes">> = {
  parse: (el) => ({
    name: "SetParameterAttributes",
    parameterList: items(child(el, "ParameterList")).map((s) => ({
      name: token(s, "Name"),
      notificationChange: bool(s, "NotificationChange"),
      notification: int(s, "Notification"),
      accessListChange: bool(s, "AccessListChange"),
      accessList: tokens(child(s, "AccessList")),
    })),
  }),
  write: (m) =>
    array(
      "ParameterList",
      "cwmp:SetParameterAttributesStruct",
      m.parameterList.map(
        (p) =>
          "<SetParameterAttributesStruct>" +
          leaf("Name", p.name) +
          leafBool("NotificationChange", p.notificationChange) +
          leafInt("Notification", p.notification) +
          leafBool("AccessListChange", p.accessListChange) +
          stringArray("AccessList", p.accessList) +
          "</SetParameterAttributesStruct>",
      ),
    ),
};

export const setParameterAttributesResponse = emptyCodec<MessageNamed<"SetParameterAttributesResponse">>({
  name: "SetParameterAttributesResponse",
});

export const getParameterAttributes: RpcCodec<MessageNamed<"GetParameterAttributes">> = {
  parse: (el) => ({ name: "GetParameterAttributes", parameterNames: tokens(child(el, "ParameterNames")) }),
  write: (m) => stringArray("ParameterNames", m.parameterNames),
};

export const getParameterAttributesResponse: RpcCodec<MessageNamed<"GetParameterAttributesResponse">> = {
  parse: (el) => ({
    name: "GetParameterAttributesResponse",
    parameterList: items(child(el, "ParameterList")).map((s) => ({
      name: token(s, "Name"),
      notification: int(s, "Notification"),
      accessList: tokens(child(s, "AccessList")),
    })),
  }),
  write: (m) =>
    array(
      "ParameterList",
      "cwmp:ParameterAttributeStruct",
      m.parameterList.map(
        (p) =>
          "<ParameterAttributeStruct>" +
          leaf("Name", p.name) +
          leafInt("Notification", p.notification) +
          stringArray("AccessList", p.accessList) +
          "</ParameterAttributeStruct>",
      ),
    ),
};
