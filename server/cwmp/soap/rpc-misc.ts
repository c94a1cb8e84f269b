// Method discovery, reboot/reset, scheduling, options/vouchers and the Kicked RPC.
import { emptyCodec, type MessageNamed, type RpcCodec } from "./codec";
import { bool, child, int, items, str, token, tokens } from "./read";
import type { OptionStruct } from "./types";
import { array, leaf, leafInt, stringArray } from "./write";

export const getRpcMethods = emptyCodec<MessageNamed<"GetRPCMethods">>({ name: "GetRPCMethods" });

export const getRpcMethodsResponse: RpcCodec<MessageNamed<"GetRPCMethodsResponse">> = {
  parse: (el) => ({ name: "GetRPCMethodsResponse", methodList: tokens(child(el, "MethodList")) }),
  write: (m) => stringArray("MethodList", m.methodList),
};

export const reboot: RpcCodec<MessageNamed<"Reboot">> = {
  parse: (el) => ({ name: "Reboot", commandKey: str(el, "CommandKey") }),
  write: (m) => leaf("CommandKey", m.commandKey),
};
export const rebootResponse = emptyCodec<MessageNamed<"RebootResponse">>({ name: "RebootResponse" });

export const factoryReset = emptyCodec<MessageNamed<"FactoryReset">>({ name: "FactoryReset" });
export const factoryResetResponse = emptyCodec<MessageNamed<"FactoryResetResponse">>({
  name: "FactoryResetResponse",
});

export const scheduleInform: RpcCodec<MessageNamed<"ScheduleInform">> = {
  parse: (el) => ({
    name: "ScheduleInform",
    delaySeconds: int(el, "DelaySeconds"),
    commandKey: str(el, "CommandKey"),
  }),
  write: (m) => leafInt("DelaySeconds", m.delaySeconds) + leaf("CommandKey", m.commandKey),
};
export const scheduleInformResponse = emptyCodec<MessageNamed<"ScheduleInformResponse">>({
  name: "ScheduleInformResponse",
});

export const getOptions: RpcCodec<MessageNamed<"GetOptions">> = {
  parse: (el) => ({ name: "GetOptions", optionName: str(el, "OptionName") }),
  write: (m) => leaf("OptionName", m.optionName),
};

export const getOptionsResponse: RpcCodec<MessageNamed<"GetOptionsResponse">> = {
  parse: (el) => ({
    name: "GetOptionsResponse",
    optionList: items(child(el, "OptionList")).map((s) => {
      const option: OptionStruct = {
        optionName: str(s, "OptionName"),
        voucherSN: token(s, "VoucherSN"),
        state: int(s, "State"),
        mode: int(s, "Mode"),
        startDate: str(s, "StartDate"),
        // An xsd:int 0/1 in the schema; read like a boolean so "true" from a sloppy agent still counts.
        isTransferable: bool(s, "IsTransferable"),
      };
      const expiration = child(s, "ExpirationDate");
      if (expiration !== undefined) option.expirationDate = expiration.text;
      return option;
    }),
  }),
  write: (m) =>
    array(
      "OptionList",
      "cwmp:OptionStruct",
      m.optionList.map(
        (o) =>
          "<OptionStruct>" +
          leaf("OptionName", o.optionName) +
          leaf("VoucherSN", o.voucherSN) +
          leafInt("State", o.state) +
          leafInt("Mode", o.mode) +
          leaf("StartDate", o.startDate) +
          (o.expirationDate === undefined ? "" : leaf("ExpirationDate", o.expirationDate)) +
          leafInt("IsTransferable", o.isTransferable ? 1 : 0) +
          "</OptionStruct>",
      ),
    ),
};

export const setVouchers: RpcCodec<MessageNamed<"SetVouchers">> = {
  parse: (el) => ({ name: "SetVouchers", voucherList: items(child(el, "VoucherList")).map((k) => k.text) }),
  write: (m) =>
    array(
      "VoucherList",
      "soap-enc:base64",
      m.voucherList.map((v) => leaf("base64", v)),
    ),
};
export const setVouchersResponse = emptyCodec<MessageNamed<"SetVouchersResponse">>({
  name: "SetVouchersResponse",
});

export const kicked: RpcCodec<MessageNamed<"Kicked">> = {
  parse: (el) => ({
    name: "Kicked",
    command: str(el, "Command"),
    referer: str(el, "Referer"),
    arg: str(el, "Arg"),
    next: str(el, "Next"),
  }),
  write: (m) =>
    leaf("Command", m.command) + leaf("Referer", m.referer) + leaf("Arg", m.arg) + leaf("Next", m.next),
};

export const kickedResponse: RpcCodec<MessageNamed<"KickedResponse">> = {
  parse: (el) => ({ name: "KickedResponse", nextUrl: str(el, "NextURL") }),
  write: (m) => leaf("NextURL", m.nextUrl),
};
