// String building for envelopes: escaping and the few element shapes CWMP uses. No DOM; every RPC
// writer returns the inner XML of its body element.

/**
 * Escape text for element content or a double-quoted attribute, dropping characters XML 1.0 cannot
 * carry (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). CR, and in attributes
 * tab and LF, become character references so a parser returns exactly what was written.
 */
export function escapeXml(s: string, attribute = false): string {
  // Fast path: most values need nothing; scan once before building anything.
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27 || c >= 0xd800) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) {
      if (c === 0x26) out += "&amp;";
      else if (c === 0x3c) out += "&lt;";
      else if (c === 0x3e) out += "&gt;";
      else if (c === 0x22) out += attribute ? "&quot;" : '"';
      else if (c === 0x27) out += attribute ? "&apos;" : "'";
      else out += s[i];
    } else if (c === 0x0d) out += "&#13;";
    else if (c === 0x0a || c === 0x09) out += attribute ? `&#${c};` : s[i];
    else if (c < 0x20) continue;
    else if (c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      }
    } else if (c <= 0xdfff) continue;
    else if (c === 0xfffe || c === 0xffff) continue;
    else out += s[i];
  }
  return out;
}

/** `<tag>text</tag>`; never self-closing, which some C agents mishandle. */
export function leaf(tag: string, text: string): string {
  return `<${tag}>${escapeXml(text)}</${tag}>`;
}

export function leafInt(tag: string, n: number): string {
  return `<${tag}>${Number.isFinite(n) ? Math.trunc(n) : 0}</${tag}>`;
}

/** Booleans go out as 1/0, the form every agent accepts. */
export function leafBool(tag: string, b: boolean): string {
  return `<${tag}>${b ? "1" : "0"}</${tag}>`;
}

/** A SOAP-encoded array: `<tag soap-enc:arrayType="itemType[n]">items</tag>`. */
export function array(tag: string, itemType: string, itemsXml: readonly string[]): string {
  return `<${tag} soap-enc:arrayType="${itemType}[${itemsXml.length}]">${itemsXml.join("")}</${tag}>`;
}

/** An xsd:string array whose items are `<string>` (ParameterNames, MethodList, AccessList). */
export function stringArray(tag: string, values: readonly string[]): string {
  return array(
    tag,
    "xsd:string",
    values.map((v) => leaf("string", v)),
  );
}
