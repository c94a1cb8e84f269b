// Object instance RPCs (TR-069 A.3.2.7-A.3.2.8).
import { type MessageNamed, type RpcCodec } from "./codec";
import { int, str, token } from "./read";
import { leaf, leafInt } from "./write";

export const addObject: RpcCodec<MessageNamed<"AddObject">> = {
  parse: (el) => ({
    name: "AddObject",
    objectName: token(el, "ObjectName"),
    parameterKey: str(el, "ParameterKey"),
  }),
  write: (m) => leaf("ObjectName", m.objectName) + leaf("ParameterKey", m.parameterKey),
};

export const addObjectResponse: RpcCodec<MessageNamed<"AddObjectResponse">> = {
  parse: (el) => ({
    name: "AddObjectResponse",
    instanceNumber: int(el, "InstanceNumber"),
    status: int(el, "Status"),
  }),
  write: (m) => leafInt("InstanceNumber", m.instanceNumber) + leafInt("Status", m.status),
};

export const deleteObject: RpcCodec<MessageNamed<"DeleteObject">> = {
  parse: (el) => ({
    name: "DeleteObject",
    objectName: token(el, "ObjectName"),
    parameterKey: str(el, "ParameterKey"),
  }),
  write: (m) => leaf("ObjectName", m.objectName) + leaf("ParameterKey", m.parameterKey),
};

export const deleteObjectResponse: RpcCodec<MessageNamed<"DeleteObjectResponse">> = {
  parse: (el) => ({ name: "DeleteObjectResponse", status: int(el, "Status") }),
  write: (m) => leafInt("Status", m.status),
};
