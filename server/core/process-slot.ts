// The one place that keeps state on globalThis. The custom server (server/start.ts) and the Next.js
// bundle each load their own copy of a module, so module-level state would be per copy; state that
// must be one per process (the Prisma client, settings, the task event bus, the secrets key, imported
// data models) lives in a named slot here instead, seen by every copy.

type Slots = Record<string, object>;

const root = globalThis as unknown as { __vantageSlots?: Slots };

/**
 * The process-wide object named `name`, created empty on first use. Every field is optional: callers
 * fill it with `??=` (create once) or assign it (replace for everyone).
 */
export function processSlot<T extends object>(name: string): Partial<T> {
  const slots = (root.__vantageSlots ??= {});
  return (slots[name] ??= {});
}
