// WBXML global tokens and the mb_u_int32 integer encoding (WAP-192-WBXML / OMA-WAP-WBXML 1.3, §5.8.4
// and §5.1). Global tokens take the low six bits 0x00..0x04 on every flag combination; a tag token's
// low six bits are 0x05..0x3F, bit 7 flags attributes and bit 6 flags content.

export const SWITCH_PAGE = 0x00;
export const END = 0x01;
export const ENTITY = 0x02;
export const STR_I = 0x03;
export const LITERAL = 0x04;
export const EXT_I_0 = 0x40;
export const EXT_I_2 = 0x42;
export const PI = 0x43;
export const LITERAL_C = 0x44;
export const EXT_T_0 = 0x80;
export const EXT_T_2 = 0x82;
export const STR_T = 0x83;
export const LITERAL_A = 0x84;
export const EXT_0 = 0xc0;
export const EXT_2 = 0xc2;
export const OPAQUE = 0xc3;
export const LITERAL_AC = 0xc4;

export const TAG_HAS_ATTRIBUTES = 0x80;
export const TAG_HAS_CONTENT = 0x40;
export const TAG_ID_MASK = 0x3f;
/** Lowest tag id a code page may assign; below it the id is a global token. */
export const FIRST_TAG_ID = 0x05;

/** WBXML version bytes: major - 1 in the high nibble, minor in the low one (0x03 = 1.3). */
export const WBXML_VERSIONS = [0x00, 0x01, 0x02, 0x03] as const;
/** IANA MIBenum of UTF-8, the only multi-byte charset this codec reads or writes. */
export const CHARSET_UTF8 = 106;
/** Public id 1: "unknown or missing public identifier". */
export const PUBLIC_ID_UNKNOWN = 0x01;

/** mb_u_int32: big-endian base-128 digits, continuation in bit 7; at most 5 bytes, at most 2^32-1. */
export function encodeMbUint32(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`mb_u_int32 out of range: ${value}`);
  }
  const out = [value % 128];
  let rest = Math.floor(value / 128);
  while (rest > 0) {
    out.unshift((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  return out;
}
