// Numbers a CPE reports that land in an INTEGER column (fault codes): TR-069 types them unsignedInt, so
// a CPE may send up to 4294967295, past int4. Out of range is stored as 0 ("not a TR-069 fault code")
// rather than failing the write; the value as sent stays in the row's JSON detail.
const INT4_MAX = 2147483647;

export function int4Column(n: number): number {
  return Number.isInteger(n) && n >= 0 && n <= INT4_MAX ? n : 0;
}
