/** The import name a file suggests: its base name without ".xml". */
export function nameOfFile(fileName: string): string {
  return fileName.replace(/\.xml$/i, "");
}

/**
 * The import name after a file is chosen: it follows the file while it is empty or still the name an
 * earlier file suggested; a name the operator typed is kept.
 */
export function nameAfterFileChoice(
  current: string,
  suggested: string | undefined,
  fileName: string,
): string {
  const trimmed = current.trim();
  return trimmed === "" || trimmed === suggested ? nameOfFile(fileName) : current;
}
