// Compact facts derived from BBF data model XML: the shape of server/datamodel/generated/*.json.
// Short keys keep the committed files (and what the console ships to browsers) small; no prose.

export type BaseType =
  | "string"
  | "int"
  | "unsignedInt"
  | "long"
  | "unsignedLong"
  | "boolean"
  | "dateTime"
  | "base64"
  | "hexBinary"
  | "decimal";

/** [min, max, step?]; null = unbounded on that side. Values are strings for decimals/64-bit. */
export type RangeFact = [number | null, number | null] | [number | null, number | null, number];

export interface ParamFacts {
  /** base type */
  t: BaseType;
  /** named dataType (e.g. "IPAddress"), when the parameter uses one */
  d?: string;
  /** 1 = readWrite, 2 = writeOnceReadOnly; absent = readOnly */
  w?: 1 | 2;
  /** value ranges (numeric types); a value must fall in at least one */
  r?: RangeFact[];
  /** max / min length (string, hexBinary, base64; for hexBinary in bytes as the XML says) */
  l?: number;
  ml?: number;
  /** enumeration values */
  e?: string[];
  /** enumeration values a writer may not set (e.g. DiagnosticsState None/Complete) */
  ero?: string[];
  /** patterns (XML Schema regex flavour), value must match one of them entirely */
  pt?: string[];
  /** list: [minItems, maxItems, maxLength of the whole list]; null = unbounded */
  L?: [number | null, number | null, number | null];
  /** units */
  u?: string;
  /** default value (object creation default preferred, else factory) */
  df?: string;
  /** forcedInform */
  fi?: 1;
  /** activeNotify: "fe" forceEnabled, "fd" forceDefaultEnabled, "cd" canDeny */
  an?: "fe" | "fd" | "cd";
  /** hidden / secured: reads return an empty string */
  h?: 1;
  /** command parameter (reads return empty; setting it triggers an action) */
  c?: 1;
  /** status: "d" deprecated, "o" obsoleted */
  st?: "d" | "o";
}

export interface ObjectFacts {
  /** 1 = readWrite (instances may be added/deleted) */
  w?: 1;
  /** 1 = multi-instance table (path ends with "{i}.") */
  m?: 1;
  /** minEntries / maxEntries (null = unbounded) */
  mn?: number;
  mx?: number | null;
  /** numEntriesParameter (name, in the parent object) */
  ne?: string;
  st?: "d" | "o";
  /** parameters by name */
  p: Record<string, ParamFacts>;
}

/** One root (or service) model: objects keyed by path pattern, e.g. "Device.DeviceInfo.". */
export interface ModelFacts {
  /** e.g. "Device:2.17" */
  model: string;
  /** service models are mounted under Device.Services. / InternetGatewayDevice.Services. */
  service?: 1;
  o: Record<string, ObjectFacts>;
}

/** A parameter's facts resolved for a concrete path. */
export interface ParameterLookup {
  /** path pattern, e.g. "Device.Services.STBService.{i}.Components.HDMI.{i}.ResolutionMode" */
  pattern: string;
  model: string;
  name: string;
  facts: ParamFacts;
}

export interface ObjectLookup {
  pattern: string;
  model: string;
  facts: ObjectFacts;
}
