import { Button } from "@/components/ui/button";

/** "Remove" at the end of an editable row; nothing in a read-only editor. */
export function RemoveRowButton({
  readOnly,
  label,
  onRemove,
}: {
  readOnly: boolean;
  /** The accessible name, e.g. "Remove parameter 3": every row's button says which row it removes. */
  label: string;
  onRemove: () => void;
}) {
  if (readOnly) return null;
  return (
    <Button variant="ghost" onClick={onRemove} aria-label={label}>
      Remove
    </Button>
  );
}
