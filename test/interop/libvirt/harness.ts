/**
 * Runs a domain XML document through libvirt and QEMU themselves:
 *  - validateSchema: libvirt's RelaxNG schema (virt-xml-validate);
 *  - defineAndDump: libvirt's parser (the stateless test:///default driver);
 *  - startForReal: libvirt's QEMU driver, embedded in one virsh process (no daemon), in
 *    private namespaces; QEMU starts paused and its monitor tells what it really built.
 * Each returns what the tools said as data; none throws because a tool failed.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { domainFacts, type DomainFacts, type FactsResult } from './domain-facts.js';
import { parseInfoNetwork, parseInfoUsernet, parseQomInteger, type HmpNic, type UsernetSocket } from './hmp.js';
import { qemuNetArgs } from './qemu-args.js';
import { runTool, type ToolRun } from './run-tool.js';
import { batchCompleted, batchText, isSafeName, splitBatchOutput, type VirshCommand, type VirshStep } from './virsh-batch.js';

export const NETNS_SCRIPT = fileURLToPath(new URL('../../../scripts/interop/libvirt-netns.sh', import.meta.url));

// Short on purpose: QEMU's monitor socket lives under the embed root and UNIX socket paths
// stop at 108 bytes.
const TEMP_PARENT = '/tmp';

async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(TEMP_PARENT, prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// Which tools are here

const SEARCH_PATH = [...(process.env['PATH'] ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findExecutable(name: string): Promise<string | undefined> {
  for (const dir of SEARCH_PATH) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function missingExecutables(names: readonly string[]): Promise<string[]> {
  const found = await Promise.all(names.map(async (n) => [n, await findExecutable(n)] as const));
  return found.filter(([, path]) => path === undefined).map(([n]) => `${n} not found on PATH`);
}

/** For each check, why it cannot run here (empty = it can). */
export interface LibvirtAvailability {
  readonly schema: readonly string[];
  readonly testDriver: readonly string[];
  readonly embeddedQemu: readonly string[];
}

export async function libvirtAvailability(): Promise<LibvirtAvailability> {
  const schema = await missingExecutables(['virt-xml-validate']);
  const testDriver = await missingExecutables(['virsh']);
  const embeddedQemu = await missingExecutables(['virsh', 'qemu-system-x86_64', 'unshare', 'ip', 'timeout', 'bash']);
  if (process.getuid?.() !== 0) embeddedQemu.push('not root: the embedded QEMU driver and the namespaces need root');
  const user = await runTool('getent', ['passwd', 'libvirt-qemu'], { timeoutMs: 10_000 });
  // libvirt 9's QEMU driver looks this user up at start-up even when qemu.conf says root.
  if (user.exitCode !== 0) embeddedQemu.push('no libvirt-qemu user (scripts/interop/install-debian-packages.sh creates it)');
  return { schema, testDriver, embeddedQemu };
}

// ---------------------------------------------------------------------------------------
// 1. libvirt's schema

export interface SchemaResult {
  readonly run: ToolRun;
  readonly valid: boolean;
  /** virt-xml-validate's messages (RelaxNG errors, or "FILE validates"). */
  readonly messages: readonly string[];
}

export async function validateSchema(xml: string, options: { readonly timeoutMs?: number } = {}): Promise<SchemaResult> {
  return withTempDir('kvnet-xsd-', async (dir) => {
    const file = join(dir, 'domain.xml');
    await writeFile(file, xml);
    const run = await runTool('virt-xml-validate', [file, 'domain'], { timeoutMs: options.timeoutMs ?? 60_000 });
    const messages = `${run.stdout}\n${run.stderr}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    return { run, valid: run.exitCode === 0, messages };
  });
}

// ---------------------------------------------------------------------------------------
// 2. libvirt's parser: define + dumpxml on the stateless test driver, in one virsh

export interface DefineResult {
  readonly run?: ToolRun;
  readonly steps: readonly VirshStep[];
  /** libvirt's parser accepted the document. */
  readonly defined: boolean;
  readonly dumpXml?: string;
  /** Facts read back from the dump. The test driver drops `<qemu:commandline>`. */
  readonly dump?: DomainFacts;
  /** Why nothing was run or the dump could not be read. */
  readonly error?: string;
}

export async function defineAndDump(xml: string, name: string, options: { readonly timeoutMs?: number } = {}): Promise<DefineResult> {
  const problem = nameProblem(domainFacts(xml), name);
  if (problem !== undefined) return { steps: [], defined: false, error: problem };
  return withTempDir('kvnet-def-', async (dir) => {
    const file = join(dir, 'domain.xml');
    await writeFile(file, xml);
    const commands: readonly VirshCommand[] = [
      { label: 'define', words: ['define', '--validate', file] },
      { label: 'dumpxml', words: ['dumpxml', name] },
    ];
    const batch = batchText(commands);
    if ('unsafe' in batch) return { steps: [], defined: false, error: `unsafe virsh word ${JSON.stringify(batch.unsafe)}` };
    const run = await runTool('virsh', ['-c', 'test:///default', batch.text], { timeoutMs: options.timeoutMs ?? 60_000 });
    const steps = splitBatchOutput(commands, run.stdout, run.stderr);
    const [define, dump] = steps;
    const defined = define?.ok === true;
    if (!defined || dump?.ok !== true) return { run, steps, defined };
    const facts = domainFacts(dump.stdout);
    return facts.ok
      ? { run, steps, defined, dumpXml: dump.stdout, dump: facts.facts }
      : { run, steps, defined, dumpXml: dump.stdout, error: facts.error };
  });
}

// ---------------------------------------------------------------------------------------
// 3. QEMU for real

export interface DeviceProbe {
  /** Device id under /machine/peripheral. */
  readonly id: string;
  /** QEMU's bootindex property; -1 when the device has none; undefined when unreadable. */
  readonly bootindex?: number;
  /** PCI slot and function from the device's devfn (`addr`); undefined when unreadable. */
  readonly slot?: number;
  readonly function?: number;
}

export interface StartResult {
  readonly run?: ToolRun;
  /** The embed root the run used (removed by the time this is returned). */
  readonly root?: string;
  readonly steps: readonly VirshStep[];
  /** virsh got through the whole batch (nothing was killed half-way). */
  readonly completed: boolean;
  readonly defined: boolean;
  /** QEMU started (paused) with this domain. */
  readonly started: boolean;
  /** `info network`: every NIC QEMU built, with model and MAC. */
  readonly nics: readonly HmpNic[];
  /** `info usernet`: slirp's sockets; hostfwd rules have state HOST_FORWARD. */
  readonly usernet: readonly UsernetSocket[];
  readonly devices: readonly DeviceProbe[];
  /** The live domain XML (`dumpxml` while running): it keeps `<qemu:commandline>`. */
  readonly liveXml?: string;
  readonly live?: DomainFacts;
  readonly destroyed: boolean;
  /** libvirt's per-domain QEMU log: the command line QEMU got and its own errors. */
  readonly qemuLog: string;
  readonly error?: string;
}

export interface StartOptions {
  /** Bridges to create in the namespace; bridge interfaces need theirs. Default `k6t-eth0`. */
  readonly bridges?: readonly string[];
  /** Give the namespace an addressed uplink with a default route (passt needs one). */
  readonly uplink?: boolean;
  /** Device ids whose bootindex and PCI slot to read; default: every alias and -device id in the XML. */
  readonly probeIds?: readonly string[];
  /** Keep the VM running this long after the probes (virsh waits for events); for cleanup tests. */
  readonly holdSeconds?: number;
  /** The whole run; past it the runner is SIGKILLed and its PID namespace with it. */
  readonly timeoutMs?: number;
}

const LINUX_IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** Every NIC id the XML asks for: libvirt aliases and the ids of -device arguments. */
export function deviceIdsOf(facts: DomainFacts): readonly string[] {
  const aliases = facts.interfaces.flatMap((i) => (i.alias === undefined ? [] : [i.alias]));
  const devices = qemuNetArgs(facts.qemuArgs).devices.flatMap((d) => (d.id === undefined ? [] : [d.id]));
  return [...aliases, ...devices];
}

const notRun = (error: string): StartResult => ({
  steps: [],
  completed: false,
  defined: false,
  started: false,
  nics: [],
  usernet: [],
  devices: [],
  destroyed: false,
  qemuLog: '',
  error,
});

function probeCommands(name: string, id: string): readonly VirshCommand[] {
  return ['bootindex', 'addr'].map((property) => ({
    label: `qom-get ${id} ${property}`,
    words: ['qemu-monitor-command', '--hmp', name, `qom-get /machine/peripheral/${id} ${property}`],
  }));
}

function probeOf(id: string, steps: readonly VirshStep[]): DeviceProbe {
  const read = (property: string): number | undefined => {
    const step = steps.find((s) => s.label === `qom-get ${id} ${property}`);
    return step?.ok === true ? parseQomInteger(step.stdout) : undefined;
  };
  const bootindex = read('bootindex');
  const devfn = read('addr');
  return {
    id,
    ...(bootindex !== undefined && { bootindex }),
    // devfn = slot << 3 | function
    ...(devfn !== undefined && devfn >= 0 && { slot: devfn >> 3, function: devfn & 7 }),
  };
}

/** Why `name` cannot be used with this XML, if it cannot. */
function nameProblem(input: FactsResult, name: string): string | undefined {
  if (!isSafeName(name)) return `domain name ${JSON.stringify(name)} is not one the harness puts in a virsh batch`;
  if (input.ok && input.facts.name !== name) return `the XML's <name> is ${JSON.stringify(input.facts.name)}, not ${JSON.stringify(name)}`;
  return undefined;
}

export async function startForReal(xml: string, name: string, options: StartOptions = {}): Promise<StartResult> {
  const input = domainFacts(xml);
  const problem = nameProblem(input, name);
  if (problem !== undefined) return notRun(problem);
  const bridges = options.bridges ?? ['k6t-eth0'];
  const badBridge = bridges.find((b) => !LINUX_IFNAME.test(b));
  if (badBridge !== undefined) return notRun(`bridge name ${JSON.stringify(badBridge)} is not a Linux interface name`);
  const probeIds = (options.probeIds ?? (input.ok ? deviceIdsOf(input.facts) : [])).filter(isSafeName);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const hold = options.holdSeconds === undefined ? [] : [{ label: 'hold', words: ['event', '--all', '--loop', '--timeout', String(Math.ceil(options.holdSeconds))] }];

  return withTempDir('kvnet-lv-', async (root) => {
    const file = join(root, 'domain.xml');
    await writeFile(file, xml);
    const commands: readonly VirshCommand[] = [
      { label: 'define', words: ['define', '--validate', file] },
      { label: 'start', words: ['start', '--paused', name] },
      { label: 'info network', words: ['qemu-monitor-command', '--hmp', name, 'info network'] },
      { label: 'info usernet', words: ['qemu-monitor-command', '--hmp', name, 'info usernet'] },
      ...probeIds.flatMap((id) => probeCommands(name, id)),
      ...hold,
      { label: 'dumpxml', words: ['dumpxml', name] },
      { label: 'destroy', words: ['destroy', name] },
      { label: 'undefine', words: ['undefine', name] },
    ];
    const batch = batchText(commands);
    if ('unsafe' in batch) return notRun(`unsafe virsh word ${JSON.stringify(batch.unsafe)}`);
    // virsh's own limit is a backstop for when this process dies and cannot SIGKILL the runner.
    const virshSeconds = Math.ceil(timeoutMs / 1000) + 5;
    const run = await runTool(
      'bash',
      [NETNS_SCRIPT, root, String(virshSeconds), bridges.join(','), options.uplink === true ? 'uplink' : 'none', batch.text],
      { timeoutMs },
    );
    const qemuLog = await readFile(join(root, 'log', 'qemu', `${name}.log`), 'utf8').catch(() => '');
    const steps = splitBatchOutput(commands, run.stdout, run.stderr);
    const step = (label: string): VirshStep | undefined => steps.find((s) => s.label === label);
    const started = step('start')?.ok === true;
    const dump = step('dumpxml');
    const live = dump?.ok === true ? domainFacts(dump.stdout) : undefined;
    return {
      run,
      root,
      steps,
      completed: batchCompleted(run.stdout),
      defined: step('define')?.ok === true,
      started,
      nics: started ? parseInfoNetwork(step('info network')?.stdout ?? '') : [],
      usernet: started ? parseInfoUsernet(step('info usernet')?.stdout ?? '') : [],
      devices: started ? probeIds.map((id) => probeOf(id, steps)) : [],
      ...(dump?.ok === true && { liveXml: dump.stdout }),
      ...(live?.ok === true && { live: live.facts }),
      destroyed: step('destroy')?.ok === true,
      qemuLog,
      ...(live !== undefined && !live.ok && { error: live.error }),
    };
  });
}

/** The first failed virsh step, for assertion messages. */
export function firstFailure(steps: readonly VirshStep[]): string {
  const failed = steps.find((s) => !s.ok);
  return failed === undefined ? 'no step failed' : `${failed.label}: ${failed.reached ? failed.stderr : 'never reached'}`;
}
