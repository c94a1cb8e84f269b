// Bounds-checked cursor over WBXML bytes. Every read checks the remaining length first, so a length
// or index taken from the input can never allocate or read past the buffer; views share memory.
import { WbxmlError } from "./wbxml-error";

export class WbxmlReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  u8(what: string): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw new WbxmlError("truncated", `input ends before ${what} at byte ${this.pos}`);
    this.pos++;
    return b;
  }

  peek(): number | undefined {
    return this.bytes[this.pos];
  }

  /** mb_u_int32 (WBXML §5.1): refuses a sixth byte and values above 2^32-1 instead of wrapping. */
  mbUint32(what: string): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8(what);
      value = value * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) throw new WbxmlError("integer", `${what} exceeds 2^32-1`);
        return value;
      }
    }
    throw new WbxmlError("integer", `${what} is longer than 5 bytes`);
  }

  /** `length` bytes as a view; the length is checked against what is left before anything else. */
  take(length: number, what: string): Uint8Array {
    if (length > this.remaining) {
      throw new WbxmlError(
        "truncated",
        `${what} of ${length} bytes exceeds the ${this.remaining} bytes left`,
      );
    }
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  /** A NUL-terminated string's bytes (terminator consumed, not returned). */
  termstr(what: string): Uint8Array {
    const end = this.bytes.indexOf(0, this.pos);
    if (end < 0) throw new WbxmlError("truncated", `${what} at byte ${this.pos} has no terminating NUL`);
    const view = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return view;
  }
}
