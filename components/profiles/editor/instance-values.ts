/** "name=value" lines <-> an instance's values. Lines without "=" are skipped (still being typed). */
export function parseInstanceValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n").slice(0, 200)) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    if (name) out[name] = line.slice(eq + 1).trim();
  }
  return out;
}

export function formatInstanceValues(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}
