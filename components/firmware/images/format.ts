// Display helpers for the store's pages.

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** 1536 → "1.5 KiB": binary units, one decimal below 10. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** The models an image applies to, in one line ("any model" when it names none). */
export function modelsOf(image: { productClasses: string[]; ouis: string[] }): string {
  if (image.productClasses.length > 0) return image.productClasses.join(", ");
  if (image.ouis.length > 0) return `OUI ${image.ouis.join(", ")}`;
  return "any model";
}
