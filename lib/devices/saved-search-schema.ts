import { z } from "zod";

/** A saved search's name: the save procedure's input and the "Save this search" form share it. */
export const savedSearchNameSchema = z
  .string()
  .trim()
  .min(1, "Give the search a name")
  .max(80, "Keep the name under 80 characters");

/** The "Save this search" form: only the name is typed; the query is the search on screen. */
export const saveSearchForm = z.object({ name: savedSearchNameSchema });
