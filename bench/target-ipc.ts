// Child side of the parent <-> target protocol: tell the parent the URL over IPC when ready, stop on
// "stop" (or when the parent goes away).

export interface Ready {
  url: string;
  /** Extra facts the target reports (store kind, pool size). */
  info?: Record<string, string | number | boolean>;
}

export function announce(ready: Ready, stop: () => Promise<void> | void): void {
  if (!process.send) {
    process.stdout.write(`${JSON.stringify(ready)}\n`);
    return;
  }
  const quit = (): void => {
    Promise.resolve(stop())
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  process.on("message", (msg) => {
    if (msg === "stop") quit();
  });
  process.on("disconnect", quit);
  process.send({ ready });
}
