import type { XmlElement } from "../xml";
import type { CwmpMessage } from "./types";

/** Messages by body element name (GetRPCMethods[Response] exist in both directions with one shape). */
export type MessageNamed<N extends CwmpMessage["name"]> = Extract<CwmpMessage, { name: N }>;

/** One RPC message: read its body element, write the inner XML of its body element. */
export interface RpcCodec<M> {
  parse(el: XmlElement): M;
  write(msg: M): string;
}

/** Codec for messages without arguments (most *Response messages). */
export function emptyCodec<M extends { name: string }>(msg: M): RpcCodec<M> {
  return { parse: () => ({ ...msg }), write: () => "" };
}
