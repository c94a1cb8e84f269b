import type { UseFormReturn } from "react-hook-form";
import type { WaveFormInput, WaveFormValues } from "../wave-form";

/** The new-wave form: the form schema's input while editing, its output once valid. */
export type WaveForm = UseFormReturn<WaveFormInput, unknown, WaveFormValues>;

/** An image the picker offers (waves.images). */
export interface ImageOption {
  id: number;
  fileName: string;
  version: string;
  fileType: string;
  productClasses: string[];
  method: "download" | "install";
}

export const SECTION = "space-y-3 rounded-lg border border-slate-200 bg-white p-4";
export const LEGEND = "text-base font-semibold text-slate-900";
