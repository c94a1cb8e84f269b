import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** One row of the device list as the browser receives it. */
export type DeviceRow = inferRouterOutputs<AppRouter>["devices"]["list"]["rows"][number];
