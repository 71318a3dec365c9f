export interface Periodic {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `task` now and then every `intervalMs`, never two runs at once (a tick
 * that finds the last run still going is skipped). A failure goes to `onError`
 * and the next tick tries again. The timer does not keep the process alive.
 */
export function runPeriodically(intervalMs: number, task: () => Promise<void>, onError: (error: unknown) => void): Periodic {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = task()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
