// A background loop that runs `tick` every pollMs (after the previous one finished, never two at
// once), and its handle: `tick()` runs one now after any in progress (tests, benchmarks), `stop()` ends
// the loop and waits for the tick in progress. The bulk runner and the wave engine run on it.

export interface PollLoop {
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** `tick` gets `stopped()` to end a long tick early once the loop is stopping. */
export function startPollLoop(
  pollMs: number,
  tick: (stopped: () => boolean) => Promise<void>,
  onError: (err: unknown) => void,
): PollLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick(isStopped).catch(onError).finally(schedule);
    }, pollMs);
    timer.unref();
  }
  schedule();

  return {
    tick: () => {
      running = running.then(() => tick(isStopped));
      return running;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
