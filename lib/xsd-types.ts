// The xsd types a parameter value may carry, for the console's type pickers and request schemas.
// server/cwmp keeps its own list (it imports nothing outside itself); the two checks below fail the
// type check when the lists differ.
import { z } from "zod";
import type { XsdType } from "../server/cwmp/soap/types";

export const XSD_TYPES = [
  "string",
  "int",
  "unsignedInt",
  "long",
  "unsignedLong",
  "boolean",
  "dateTime",
  "base64",
  "hexBinary",
] as const satisfies readonly XsdType[];

type Missing = Exclude<XsdType, (typeof XSD_TYPES)[number]>;
const _everyCwmpType: [Missing] extends [never] ? true : Missing = true;

export const xsdTypeSchema = z.enum(XSD_TYPES);
