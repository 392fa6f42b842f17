// A finding's target, made the same on every run and machine: what changes from run to run (ports,
// pids, inode numbers, memory addresses, thread counters, fd numbers in a helper's command line)
// goes to evidence, so `--ignore kind:target` and finding ids hold across runs, and the 20 threads
// of one pool ("tpool_thread_0".."tpool_thread_19") are one target.

/** Each rule: what varies, and what stands for it. Order matters (ports before bare numbers). */
const RULES: Record<string, Array<[RegExp, string]>> = {
  thread: [
    // Counters threading and pools append: Thread-12 (send_loop), tpool_thread_3, ThreadPoolExecutor-0_1.
    [/(?<=[-_ ])\d+(?=$|[^0-9A-Za-z])/g, 'N'],
    [/\b0x[0-9a-f]+\b/gi, '0x?'],
  ],
  fd: [
    // tcp socket 127.0.0.1:48064 -> 127.0.0.1:50493: ephemeral ports.
    [/(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]|localhost):\d+/gi, '$1'],
    // socket:[123456], pipe:[123456]: inode numbers.
    [/:\[\d+\]/g, ''],
    // Temporary names: /tmp/tmpab12cd, pymp-x7y8z9, listener-abc123.
    [/\b(tmp|pymp-|listener-)[a-z0-9_]{5,}\b/gi, '$1*'],
  ],
  child: [
    // fds and pids handed to a helper in its command line: main(7), spawn_main(tracker_fd=8, pipe_handle=12).
    [/(?<=[=(,] ?)\d+(?=[,)])/g, 'N'],
    [/\b(tmp|pymp-)[a-z0-9_]{5,}\b/gi, '$1*'],
  ],
};
RULES.greenthread = RULES.thread as Array<[RegExp, string]>;

export function stableTarget(kind: string, target: string): string {
  let out = target;
  for (const [pattern, replacement] of RULES[kind] ?? []) out = out.replace(pattern, replacement);
  return out.replace(/\b0x[0-9a-f]{6,}\b/gi, '0x?');
}
