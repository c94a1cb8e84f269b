// The apps panel's row types, from the softwareModules router.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type AppUnit = Outputs["softwareModules"]["list"]["deploymentUnits"][number];
export type StoreApp = Outputs["softwareModules"]["available"][number];
