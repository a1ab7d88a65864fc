/**
 * Network namespaces and veths for the harnesses. Every namespace a harness creates is named
 * for its run and holds only processes that run started, so ending whatever lives in it by
 * PID ends nothing of anyone else's. Teardown goes on past a failure and says what failed.
 */
import { execFileSync } from 'node:child_process';
import { run, runOk } from './process.js';

const IP = 'ip';

/** `ip netns pids NS`: the PIDs of the processes living in a namespace (none if it is gone). */
export const namespacePidsSync = (namespace: string): readonly number[] => {
  try {
    return execFileSync(IP, ['netns', 'pids', namespace], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter((line) => /^[0-9]+$/.test(line))
      .map(Number);
  } catch {
    return [];
  }
};

/** The names `ip netns list` shows (none when there are none, or ip fails). */
export const namespaceNamesSync = (): readonly string[] => {
  try {
    return execFileSync(IP, ['netns', 'list'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter((name) => name !== '');
  } catch {
    return [];
  }
};

/** SIGKILL to every process in a namespace the harness created (clients, servers, what they forked). */
export const killNamespaceProcessesSync = (namespace: string): void => {
  for (const pid of namespacePidsSync(namespace)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};

export const addNamespace = async (namespace: string): Promise<void> => {
  await runOk(IP, ['netns', 'add', namespace]);
};

/** Ends what lives in the namespace and deletes it; the problem, if deleting failed. */
export const deleteNamespace = async (namespace: string): Promise<string | undefined> => {
  killNamespaceProcessesSync(namespace);
  const deleted = await run(IP, ['netns', 'del', namespace]);
  return deleted.code === 0 ? undefined : `ip netns del ${namespace}: ${deleted.stderr.trim()}`;
};

/** deleteNamespace for each, all of them whatever fails; the problems, in order. */
export const deleteNamespaces = async (namespaces: readonly string[]): Promise<readonly string[]> => {
  const problems: string[] = [];
  for (const namespace of namespaces) {
    const problem = await deleteNamespace(namespace);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
};

/** The last resort on process exit, where nothing can be awaited: kill, delete, ignore failures. */
export const deleteNamespaceSync = (namespace: string): void => {
  killNamespaceProcessesSync(namespace);
  try {
    execFileSync(IP, ['netns', 'del', namespace], { stdio: 'ignore' });
  } catch {
    // already gone
  }
};

/** One end of a veth: the namespace it lives in, its name, optionally its MAC and MTU. */
export interface VethEnd {
  readonly namespace: string;
  readonly name: string;
  readonly mac?: string;
  readonly mtu?: number;
}

/**
 * `ip -n A link add NAME [address MAC] [mtu N] type veth peer name PEER [mtu N] netns B`: the
 * veth is made inside `end`'s namespace with its peer placed straight into the other, so
 * nothing ever appears among the host's interfaces.
 */
export const addVeth = async (end: VethEnd, peer: VethEnd): Promise<void> => {
  const settings = (e: VethEnd): readonly string[] => [
    ...(e.mac === undefined ? [] : ['address', e.mac]),
    ...(e.mtu === undefined ? [] : ['mtu', String(e.mtu)]),
  ];
  await runOk(IP, ['-n', end.namespace, 'link', 'add', end.name, ...settings(end), 'type', 'veth', 'peer', 'name', peer.name, ...settings(peer), 'netns', peer.namespace]);
};

/** Deletes a link (a veth takes its peer with it); the problem, if that failed. */
export const deleteLink = async (namespace: string, name: string): Promise<string | undefined> => {
  const deleted = await run(IP, ['-n', namespace, 'link', 'del', name]);
  return deleted.code === 0 ? undefined : `ip -n ${namespace} link del ${name}: ${deleted.stderr.trim()}`;
};
