import "server-only";
import { countDevices, searchDevices } from "../../devices/search";
import { deviceFacets } from "../../devices/search-facets";
import { deviceCountSchema, deviceFacetsSchema, deviceSearchResultSchema } from "../../devices/search-output";
import { deviceFilterSchema, deviceSearchSchema } from "../../../lib/devices/search-query";
import { createTRPCRouter, permissionProcedure } from "../trpc";

/** Bounds an exact count (the "select all N matching" confirmation) to a few hundred ms at 1M devices. */
export const EXACT_COUNT_CAP = 1_000_000;

export const devicesRouter = createTRPCRouter({
  /** One page of a device search with a bounded total (see SEARCH_COUNT_CAP). */
  list: permissionProcedure("devices.read")
    .input(deviceSearchSchema)
    .output(deviceSearchResultSchema)
    .query(({ input }) => searchDevices(input)),

  /** How many devices a filter matches, counted exactly up to EXACT_COUNT_CAP. */
  count: permissionProcedure("devices.read")
    .input(deviceFilterSchema)
    .output(deviceCountSchema)
    .query(async ({ input }) => {
      const total = await countDevices(input, { cap: EXACT_COUNT_CAP });
      return { total: Math.min(total, EXACT_COUNT_CAP), capped: total > EXACT_COUNT_CAP };
    }),

  /** Distinct manufacturers, OUIs, product classes and software versions for the filter dropdowns. */
  facets: permissionProcedure("devices.read")
    .output(deviceFacetsSchema)
    .query(() => deviceFacets()),
});
