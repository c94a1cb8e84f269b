// A provisioning profile as data: what the editor submits, what is stored (one JSON document per
// version), and what the engine evaluates on every session. Isomorphic: the console validates with the
// same schema the server stores with; the data-model checks (known path, writable, type, range) are the
// server's (server/profiles/validate.ts) because the facts live there.
import { z } from "zod";
import { PARAM_OPS } from "../devices/search-query";

export const PROFILE_TRIGGERS = ["first_contact", "boot", "periodic", "value_change", "on_demand"] as const;
export type ProfileTrigger = (typeof PROFILE_TRIGGERS)[number];

export const DEVICE_KINDS = ["GATEWAY", "STB", "OTHER"] as const;
export const ROOT_OBJECTS = ["InternetGatewayDevice", "Device"] as const;
export type RootObject = (typeof ROOT_OBJECTS)[number];

/** CWMP notification attribute: 0 off, 1 passive, 2 active (TR-069 SetParameterAttributes). */
export const NOTIFICATIONS = ["off", "passive", "active"] as const;
export type Notification = (typeof NOTIFICATIONS)[number];
export const NOTIFICATION_CODE: Record<Notification, 0 | 1 | 2> = { off: 0, passive: 1, active: 2 };

/** Bounds: a profile is a few dozen rows in practice; these keep one evaluation small. */
export const MAX_PROFILE_ROWS = 500;
export const MAX_INSTANCES = 64;

const PATH = /^(InternetGatewayDevice|Device)(\.[A-Za-z0-9_-]+)+$/;
const OBJECT_PATH = /^(InternetGatewayDevice|Device)(\.[A-Za-z0-9_-]+)+\.$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const parameterPath = z
  .string()
  .trim()
  .max(1024)
  .regex(PATH, "a parameter path under InternetGatewayDevice. or Device.");
export const objectPath = z
  .string()
  .trim()
  .max(1024)
  .regex(OBJECT_PATH, "an object path under InternetGatewayDevice. or Device., ending in '.'");

/**
 * A value as written, with references the engine fills in per device: ${serial}, ${oui},
 * ${productClass}, ${subscriberId}, ${root}, and ${secret:<name>} (a profile secret, stored encrypted).
 */
export const profileValue = z.string().max(4096);

export const VALUE_REFERENCES = ["serial", "oui", "productClass", "subscriberId", "root"] as const;
const REFERENCE = /\$\{([^}]{1,80})\}/g;

/** The references a value uses, for validation ("unknown reference ${x}") and previews. */
export function valueReferences(value: string): string[] {
  return [...value.matchAll(REFERENCE)].map((m) => m[1]!);
}

export const secretReference = (name: string) => `\${secret:${name}}`;

export const profileParameterSchema = z.object({
  path: parameterPath,
  value: profileValue,
});
export type ProfileParameter = z.infer<typeof profileParameterSchema>;

export const profileAttributeSchema = z.object({
  path: parameterPath,
  notification: z.enum(NOTIFICATIONS),
  /** AccessList: ["Subscriber"] lets the subscriber's side change it; [] only the ACS. Absent: untouched. */
  accessList: z.array(z.string().max(64)).max(8).optional(),
});
export type ProfileAttribute = z.infer<typeof profileAttributeSchema>;

/** A name inside an instance, possibly in a sub-object: "ExternalPort", "HTTP.URL". */
const RELATIVE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
const instanceValues = z.record(z.string().max(256).regex(RELATIVE_NAME, "a parameter name"), profileValue);

/** A table inside each instance of its parent ("Parameter." of a BulkData profile), keyed the same way. */
export const childObjectSchema = z.object({
  path: z
    .string()
    .trim()
    .max(256)
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*\.$/, "a relative table path ending in '.'"),
  key: z.string().regex(NAME, "a parameter name"),
  exact: z.boolean().default(false),
  instances: z.array(z.object({ values: instanceValues })).max(MAX_INSTANCES),
});
export type ChildObject = z.infer<typeof childObjectSchema>;

/**
 * Instances of a multi-instance object, found by a key parameter ("exactly these WAN port mappings,
 * keyed by ExternalPort"): missing ones are added (AddObject, then their values set), and with `exact`
 * instances whose key is not listed are deleted. An instance may hold tables of its own (one level).
 */
export const profileObjectSchema = z.object({
  /** The table, e.g. "Device.NAT.PortMapping." */
  path: objectPath,
  /** Parameter name inside an instance that identifies it, e.g. "ExternalPort". */
  key: z.string().regex(NAME, "a parameter name"),
  exact: z.boolean().default(false),
  instances: z
    .array(
      z.object({
        /** name -> value inside the instance; must include the key. */
        values: instanceValues,
        children: z.array(childObjectSchema).max(4).default([]),
      }),
    )
    .max(MAX_INSTANCES),
});
export type ProfileObject = z.infer<typeof profileObjectSchema>;

/** Parameter comparisons in a precondition, with the device search's operators. */
export const preconditionParameterSchema = z.object({
  path: parameterPath,
  op: z.enum(PARAM_OPS),
  value: z.string().max(256).default(""),
});

export const versionRangeSchema = z
  .object({
    /** Inclusive; compared segment by segment, numbers as numbers ("1.10" > "1.9"). */
    min: z.string().trim().max(64).optional(),
    /** Exclusive, so waves read naturally: min 2.0, below 3.0. */
    below: z.string().trim().max(64).optional(),
  })
  .optional();

export const preconditionSchema = z.object({
  kinds: z.array(z.enum(DEVICE_KINDS)).max(3).default([]),
  roots: z.array(z.enum(ROOT_OBJECTS)).max(2).default([]),
  ouis: z.array(z.string().trim().max(6)).max(50).default([]),
  productClasses: z.array(z.string().trim().max(64)).max(50).default([]),
  models: z.array(z.string().trim().max(64)).max(50).default([]),
  softwareVersion: versionRangeSchema,
  /** The device has every one of these tags. */
  tags: z.array(z.string().trim().max(64)).max(20).default([]),
  parameters: z.array(preconditionParameterSchema).max(20).default([]),
});
export type Precondition = z.infer<typeof preconditionSchema>;

export const profileDefinitionSchema = z.object({
  precondition: preconditionSchema.default({
    kinds: [],
    roots: [],
    ouis: [],
    productClasses: [],
    models: [],
    tags: [],
    parameters: [],
  }),
  triggers: z.array(z.enum(PROFILE_TRIGGERS)).min(1).max(PROFILE_TRIGGERS.length),
  parameters: z.array(profileParameterSchema).max(MAX_PROFILE_ROWS).default([]),
  attributes: z.array(profileAttributeSchema).max(MAX_PROFILE_ROWS).default([]),
  objects: z.array(profileObjectSchema).max(20).default([]),
});
export type ProfileDefinition = z.infer<typeof profileDefinitionSchema>;
export type ProfileDefinitionInput = z.input<typeof profileDefinitionSchema>;

export const profileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\w .:()/-]+$/, "letters, digits, spaces and . : ( ) / - _");

/** A secret's name as referenced by ${secret:<name>}. */
export const secretNameSchema = z.string().regex(NAME, "a name (letters, digits, _ and -)").max(64);
