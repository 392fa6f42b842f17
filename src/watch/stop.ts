// Stopping `flakescope watch` on SIGINT, SIGTERM or SIGHUP. During a run, spawn.ts forwards the signal
// to the command's process group; a signal that lands while a run is starting (before spawn.ts
// listens) is relayed to it once it does, so that run stops too instead of running to its end.

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How often a pending stop looks for the run's signal forwarder: starting a run takes milliseconds. */
const RELAY_POLL_MS = 20;

export interface Stopper {
  /** Resolves with the first stop signal. */
  readonly stopped: Promise<NodeJS.Signals>;
  signal(): NodeJS.Signals | null;
  /** Awaits a run, relaying a stop signal to it if the signal came before its forwarder listened. */
  during<T>(run: Promise<T>): Promise<T>;
  dispose(): void;
}

export function listenForStop(): Stopper {
  let received: NodeJS.Signals | null = null;
  let resolveStopped: (s: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => { resolveStopped = resolve; });
  let inRun = false;
  /** Listeners per signal when the run began: one more means the run's forwarder is listening. */
  let baseline = new Map<NodeJS.Signals, number>();
  let relay: NodeJS.Timeout | undefined;
  const stopRelay = (): void => { clearInterval(relay); relay = undefined; };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received === null) {
      received = signal;
      resolveStopped(signal);
    }
    // No listener beyond those of before the run: its forwarder is not listening yet (or any more).
    const before = baseline.get(signal) ?? 0;
    if (inRun && relay === undefined && process.listenerCount(signal) <= before) {
      relay = setInterval(() => {
        if (!inRun) stopRelay();
        else if (process.listenerCount(signal) > before) {
          stopRelay();
          process.emit(signal, signal);
        }
      }, RELAY_POLL_MS);
    }
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    stopped,
    signal: () => received,
    async during(run) {
      inRun = true;
      baseline = new Map(STOP_SIGNALS.map((s) => [s, process.listenerCount(s)]));
      try {
        return await run;
      } finally {
        inRun = false;
        stopRelay();
      }
    },
    dispose() {
      stopRelay();
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    },
  };
}
