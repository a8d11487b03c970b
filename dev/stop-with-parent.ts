/**
 * The dev server must not outlive whoever started it. `npm run dev` runs its script through
 * `sh -c`, which forwards no signal: with `tsx dev/server.ts` a stopped npm left tsx and its child
 * serving the port, re-parented to init. The script therefore execs one node process (`exec node
 * --import tsx dev/server.ts`), which gets the signal npm forwards, and the server also stops when
 * its parent goes away without a word (npm killed outright): it is then re-parented, and its
 * parent's pid changes.
 */

export interface StopWithParentOptions {
  /** How often the parent's pid is compared. @default 500 */
  readonly intervalMs?: number;
  /** @default SIGINT (Ctrl-C), SIGTERM (npm's forward, `kill`), SIGHUP (the terminal closed) */
  readonly signals?: readonly NodeJS.Signals[];
}

/** Calls `stop` once: on one of the signals, on losing the IPC channel, or when the parent process is gone. Returns a disposer. */
export function stopWithParent(stop: () => void, options: StopWithParentOptions = {}): () => void {
  const parent = process.ppid;
  let stopped = false;
  const once = (): void => {
    if (stopped) return;
    stopped = true;
    dispose();
    stop();
  };
  const signals = options.signals ?? ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, once);
  // A parent that spawned us with an IPC channel (fork) says goodbye by closing it.
  process.on("disconnect", once);
  const watch = setInterval(() => {
    if (process.ppid !== parent) once();
  }, options.intervalMs ?? 500);
  // The watch alone never keeps the process alive.
  watch.unref();
  function dispose(): void {
    clearInterval(watch);
    for (const signal of signals) process.off(signal, once);
    process.off("disconnect", once);
  }
  return dispose;
}
