/**
 * "Is a DHCP server listening yet?", asked of the kernel with `ss` inside the server's
 * namespace: server-agnostic (dnsmasq says nothing on stdout when it is ready) and what
 * matters (a client started earlier would lose its first DISCOVER and retry seconds later).
 */
import { run, waitFor, type Child } from './process.js';

export const DHCP_SERVER_PORT = 67;

/** `ss -H -u -l -n sport = :PORT` in the namespace: the listening sockets, or undefined if ss failed. */
export const udpListeners = async (namespace: string, port: number): Promise<string | undefined> => {
  const sockets = await run('ip', ['netns', 'exec', namespace, 'ss', '-H', '-u', '-l', '-n', 'sport', '=', `:${port}`]);
  return sockets.code === 0 ? sockets.stdout.trim() : undefined;
};

/** Whether nothing in the namespace listens on UDP `port` (ss must answer). */
export const udpPortFree = async (namespace: string, port: number = DHCP_SERVER_PORT): Promise<boolean> =>
  (await udpListeners(namespace, port)) === '';

/**
 * Waits until something in `namespace` listens on UDP port 67, failing early when `child` (the
 * server) exits, and after `timeoutMs` with its output. The caller stops the child on failure.
 */
export const waitForPort67 = async (namespace: string, child: Child, timeoutMs = 15_000): Promise<void> => {
  await waitFor(
    `${child.label} to listen on UDP port ${DHCP_SERVER_PORT}`,
    async () => {
      const exit = child.exit();
      if (exit !== undefined) {
        throw new Error(`${child.label} exited (code ${String(exit.code)}, signal ${String(exit.signal)}):\n${child.output()}`);
      }
      const sockets = await udpListeners(namespace, DHCP_SERVER_PORT);
      return sockets !== undefined && sockets !== '' ? true : undefined;
    },
    timeoutMs,
    () => child.output(),
  );
};
