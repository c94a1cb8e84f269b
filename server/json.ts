import type { Prisma } from "./generated/prisma/client";

/** Typed messages are plain JSON data; Prisma's JSON input type cannot see that through interfaces. */
export function asJson(value: object): Prisma.InputJsonValue {
  // typescript-eslint resolves the generated Prisma types differently from tsc here; tsc needs the cast.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  return value as Prisma.InputJsonValue;
}
