// A mobile's identity and what package 1 tells about it. Identity choice: oui = "", productClass = "",
// serialNumber = DevId ("IMEI:490154203237518"). DevId alone is unique per DM (./DevInfo/DevId, with
// its IMEI:/MEID:/MAC: scheme prefix), and Man/Mod are descriptive: putting Mod into the key would give
// one handset two rows if its reported model string ever changed. The empty OUI/ProductClass keep the
// existing unique key (oui, productClass, serialNumber) working and cannot collide with a CWMP device,
// which always has an OUI. Man/Mod/FwV fill the list's columns; every reported URI goes into the
// parameter document under its DM URI ("./DevInfo/Mod").
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { REDACTED } from "../datamodel/secret-parameters";
import type { ParameterDocument } from "../devices/parameter-document";
import { isStorableText, storableText } from "../devices/storable-text";
import type { DevInfoInput } from "../omadm/session/backend";

export function mobileIdentity(devId: string) {
  return { oui: "", productClass: "", serialNumber: devId };
}

// Cut first, then made storable: the cut may split a surrogate pair.
const text = (v: string | undefined, max = 256) => storableText((v ?? "").slice(0, max));

/** DM URIs (and their Format) as parameter document entries. */
export function dmDocument(
  values: Record<string, { value: string; format?: string }>,
  ts: number,
): ParameterDocument {
  const doc: ParameterDocument = {};
  for (const [uri, { value, format }] of Object.entries(values)) {
    // A URI PostgreSQL cannot store is no DM URI (RFC 3986 characters only): left out.
    if (!uri.startsWith("./") || uri.length > 512 || !isStorableText(uri)) continue;
    // A mobile's value may hold what PostgreSQL's jsonb refuses (NUL from WBXML opaque data, a
    // surrogate the cut splits): stored with U+FFFD, so one odd value never fails the merge.
    const v = storableText(withoutUrlCredentials(value.slice(0, 4096)));
    doc[uri] = { v, ...(format ? { t: storableText(format) } : {}), ts };
  }
  return doc;
}

/**
 * A URL's user information masked: FUMO's PkgURL carries a transfer grant's password in the URL, and a
 * mobile reads it back in Results; the document (shown in the console, exported) never keeps it.
 */
export function withoutUrlCredentials(value: string): string {
  return value.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i,
    (_m, scheme: string, userinfo: string) => `${scheme}${userinfo.split(":")[0]}:${REDACTED}@`,
  );
}

/**
 * A mobile's answer as a task row keeps it: every string with a URL's password masked (FUMO's PkgURL
 * read back) and made storable (jsonb refuses NUL and lone surrogates, which WBXML opaque data may
 * carry): a row that cannot be written would leave its task unanswered until its attempts cap.
 */
export function storableAnswer(value: object): object {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    typeof v === "string" ? storableText(withoutUrlCredentials(v)) : v,
  ) as object;
}

export async function mergeDocument(
  deviceId: number,
  doc: ParameterDocument,
  client: Prisma.TransactionClient = db(),
): Promise<void> {
  if (Object.keys(doc).length === 0) return;
  await client.$executeRawUnsafe(
    `UPDATE "Device" SET parameters = parameters || $1::jsonb WHERE id = $2`,
    JSON.stringify(doc),
    deviceId,
  );
}

/** Package 1's DevInfo on the device row; returns the device id (the account's device). */
export async function recordDevInfo(deviceId: number, input: DevInfoInput): Promise<number> {
  const v = input.values;
  const now = new Date();
  await db().device.update({
    where: { id: deviceId },
    data: {
      kind: "MOBILE",
      protocol: "omadm",
      manufacturer: text(v["./DevInfo/Man"]),
      modelName: text(v["./DevInfo/Mod"]),
      ...(v["./DevDetail/FwV"] !== undefined ? { softwareVersion: text(v["./DevDetail/FwV"]) } : {}),
      ...(v["./DevDetail/HwV"] !== undefined ? { hardwareVersion: text(v["./DevDetail/HwV"]) } : {}),
      ipAddress: input.remoteAddress.replace(/^::ffff:/, "") || null,
      // The last contact, on the device's DeviceLastInform row (where a CPE's Inform records it too).
      lastInform: { upsert: { create: { informedAt: now }, update: { informedAt: now } } },
      omaDmAccount: {
        update: {
          encoding: input.encoding,
          lastSessionAt: now,
          ...(validNotifyAddress(v["./DevInfo/Ext/NotifyAddr"])
            ? { notifyAddress: v["./DevInfo/Ext/NotifyAddr"] }
            : {}),
        },
      },
    },
  });
  const entries = Object.fromEntries(
    Object.entries(v).map(([uri, value]) => [uri, { value, format: "chr" }]),
  );
  await mergeDocument(deviceId, dmDocument(entries, now.getTime()));
  return deviceId;
}

/** The package 0 address a mobile reports in ./DevInfo/Ext/NotifyAddr (host:port); checked when used. */
function validNotifyAddress(value: string | undefined): value is string {
  return value !== undefined && /^[0-9a-fA-F.:[\]]{3,64}:\d{1,5}$/.test(value);
}
