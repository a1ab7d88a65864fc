/**
 * The `kubevirt-net` command. The only place besides the DHCP socket adapter with side
 * effects: files, stdin, stdout, stderr and the exit status.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { admit } from '../admission.js';
import { renderInterfacesXml } from '../domain/render.js';
import { DEFAULT_BRIDGE, translate, type SlirpForm } from '../domain/translate.js';
import { decodePodContext, type PodContext } from '../pod/context.js';
import { render } from '../render.js';
import type { Result, StatusCause } from '../k8s/causes.js';
import { lease6For, leaseFor, leasesFor, type InterfaceLease } from '../lease.js';
import { createDhcpv6Server } from '../dhcpv6/server.js';
import { decodeMessage as decodeMessage6 } from '../dhcpv6/decode.js';
import { describeMessage as describeMessage6 } from '../dhcpv6/describe.js';
import { radvdConf, routerAdvertisement } from '../masquerade/routerAdvertisement.js';
import { podPlan, type PodPlan } from '../podPlan.js';
import { decodeMessage } from '../dhcp/codec/decode.js';
import { describeMessage, toJson } from '../dhcp/describe.js';
import { createDhcpServer } from '../dhcp/server.js';
import type { ValidSpec } from '../vmispec/validate.js';
import { checkItems, parseDocuments, type CheckItem, type ItemPlace } from './documents.js';
import { LIST_KINDS, SPEC_KINDS } from '../vmispec/decode.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The package root, from src/cli (tsx) or dist (built). */
function packageRoot(): string {
  for (const candidate of [join(here, '..', '..'), join(here, '..')]) {
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return join(here, '..');
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

class UsageError extends Error {}

function readSource(file: string): { readonly name: string; readonly text: string } {
  if (file === '-') return { name: '<stdin>', text: readFileSync(0, 'utf8') };
  try {
    return { name: file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`);
  }
}

function readDocuments(file: string): readonly unknown[] {
  const { name, text } = readSource(file);
  const parsed = parseDocuments(text, name);
  if (E.isLeft(parsed)) throw new UsageError(parsed.left);
  if (parsed.right.length === 0) throw new UsageError(`${name}: no document`);
  return parsed.right;
}

function readPod(file: string | undefined): PodContext | undefined {
  if (file === undefined) return undefined;
  const [first] = readDocuments(file);
  const pod = decodePodContext(first);
  if (E.isLeft(pod)) throw new UsageError(pod.left.map((c) => `${file}: ${c.field}: ${c.message}`).join('\n'));
  return pod.right;
}

const formatCause = (c: StatusCause): string => (c.field === '' ? c.message : `${c.field}: ${c.message}`);

function bundledExample(): { readonly file: string; readonly pod: string } {
  const root = packageRoot();
  return { file: join(root, 'examples', 'vmi-bridge.yaml'), pod: join(root, 'examples', 'pod.json') };
}

interface RenderFlags {
  readonly pod?: string;
  readonly format: 'domain' | 'interfaces' | 'json';
  readonly slirp: SlirpForm;
  readonly bridge?: string;
}

/** Every item of every document of a file, each with its place for messages. */
interface PlacedItem {
  readonly file: string;
  readonly document: number;
  readonly documents: number;
  readonly check: CheckItem;
}

function itemsOfFile(file: string, displayName = file): readonly PlacedItem[] {
  const documents = readDocuments(file);
  return documents.flatMap((doc, n) =>
    checkItems(doc, SPEC_KINDS, LIST_KINDS).map((check) => ({ file: displayName, document: n + 1, documents: documents.length, check })),
  );
}

/**
 * `file (document 2) items[0] testvmi`: as much of the place as tells items apart (a lone
 * document is the file; a name is added wherever there are several).
 */
function placeOf(item: PlacedItem): string {
  const { check } = item;
  const document = item.documents > 1 ? ` (document ${item.document})` : '';
  const index = check.item === undefined ? '' : ` items[${check.item}]`;
  const name = check.name !== undefined && (document !== '' || index !== '') ? ` ${check.name}` : '';
  return `${item.file}${document}${index}${name}`;
}

function renderCommand(file: string | undefined, flags: RenderFlags): number {
  const example = file === undefined ? bundledExample() : undefined;
  const source = example?.file ?? file ?? '-';
  const items = itemsOfFile(source, source === '-' ? '<stdin>' : source);
  const pod = readPod(flags.pod ?? example?.pod);
  if (example !== undefined) process.stderr.write(`rendering the bundled example ${example.file} with ${example.pod}\n`);
  const options = { ...(pod !== undefined && { pod }), slirp: flags.slirp, ...(flags.bridge !== undefined && { bridgeName: flags.bridge }) };
  let status = 0;
  const outputs: string[] = [];
  for (const item of items) {
    const where = placeOf(item);
    if ('skipped' in item.check) {
      process.stderr.write(`${where}: ${item.check.skipped}\n`);
      continue;
    }
    const doc = item.check.value;
    // One call per format, each returning value and every warning of its steps.
    const result: Result<string> =
      flags.format === 'domain'
        ? render(doc, options)
        : pipe(
            admit(doc),
            E.chain((admitted) =>
              pipe(
                translate(admitted.value, pod, options),
                E.chain((net) =>
                  pipe(
                    flags.format === 'json' ? E.right(JSON.stringify(net.value, null, 2)) : renderInterfacesXml(net.value),
                    E.map((text) => ({ value: text, warnings: [...admitted.warnings, ...net.warnings] })),
                  ),
                ),
              ),
            ),
          );
    if (E.isLeft(result)) {
      status = 1;
      for (const c of result.left) process.stderr.write(`${where}: ${formatCause(c)}\n`);
      continue;
    }
    for (const w of result.right.warnings) process.stderr.write(`warning: ${where}: ${w}\n`);
    outputs.push(result.right.value);
  }
  if (outputs.length > 0) process.stdout.write(`${outputs.join('\n\n')}\n`);
  return status;
}

/** One line of `validate --output json`: the same shape for one file or many. */
interface ValidateEntry extends ItemPlace {
  readonly file: string;
  readonly document: number;
  readonly kind?: string;
  readonly allowed: boolean;
  readonly skipped?: string;
  readonly causes: readonly StatusCause[];
  readonly warnings: readonly string[];
}

function validateCommand(files: readonly string[], flags: { readonly output: 'text' | 'json' }): number {
  let status = 0;
  const report: ValidateEntry[] = [];
  for (const file of files) {
    for (const item of itemsOfFile(file, file === '-' ? '<stdin>' : file)) {
      const { check } = item;
      const place = { file: item.file, document: item.document, ...(check.item !== undefined && { item: check.item }), ...(check.name !== undefined && { name: check.name }) };
      if ('skipped' in check) {
        report.push({ ...place, allowed: true, skipped: check.skipped, causes: [], warnings: [] });
        if (flags.output === 'text') process.stdout.write(`${placeOf(item)}: ${check.skipped}\n`);
        continue;
      }
      const result = admit(check.value);
      const causes = E.isLeft(result) ? result.left : [];
      const warnings = E.isRight(result) ? result.right.warnings : [];
      if (causes.length > 0) status = 1;
      const kind = E.isRight(result) ? { kind: result.right.value.source.kind } : {};
      report.push({ ...place, ...kind, allowed: causes.length === 0, causes, warnings });
      if (flags.output === 'text') {
        const where = placeOf(item);
        for (const w of warnings) process.stderr.write(`warning: ${where}: ${w}\n`);
        if (causes.length === 0) process.stdout.write(`${where}: valid\n`);
        else for (const c of causes) process.stdout.write(`${where}: ${formatCause(c)}\n`);
      }
    }
  }
  if (flags.output === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return status;
}

/** A hex string (blanks, colons, `#` comments allowed), a file holding hex or raw bytes, or - for stdin. */
function readPacket(input: string): Uint8Array {
  // `#` starts a comment to the end of the line, so a hex file can say what it holds.
  const digitsOf = (text: string): string => text.replace(/#[^\n]*/g, '').replace(/[\s:]/g, '').replace(/^0x/i, '');
  const fromText = (text: string): Uint8Array | undefined => {
    const digits = digitsOf(text);
    return /^([0-9a-fA-F]{2})+$/.test(digits) ? Uint8Array.from(Buffer.from(digits, 'hex')) : undefined;
  };
  if (input !== '-' && !existsSync(input)) {
    const bytes = fromText(input);
    if (bytes !== undefined) return bytes;
    const digits = digitsOf(input);
    if (/^[0-9a-fA-F]+$/.test(digits)) throw new UsageError(`${digits.length} hex digits: an odd number, so the last byte is incomplete`);
    throw new UsageError(`${input.length > 64 ? `${input.slice(0, 64)}…` : input}: neither a file nor a hex string`);
  }
  let raw: Buffer;
  try {
    raw = readFileSync(input === '-' ? 0 : input);
  } catch (error) {
    throw new UsageError(`${input}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return fromText(raw.toString('latin1')) ?? Uint8Array.from(raw);
}

interface DecodeFlags {
  readonly output: 'text' | 'json';
}

/** `dhcp decode` and `dhcpv6 decode`: the message as text or JSON on stdout; exit status 1 when it does not decode. */
function printDecoded<M>(
  what: string,
  decoded: E.Either<{ readonly reason: string; readonly offset: number }, M>,
  describe: (message: M) => string,
  flags: DecodeFlags,
): number {
  if (E.isLeft(decoded)) {
    process.stderr.write(`not a ${what} message: ${decoded.left.reason} (at byte ${decoded.left.offset})\n`);
    return 1;
  }
  process.stdout.write(flags.output === 'json' ? `${JSON.stringify(toJson(decoded.right), null, 2)}\n` : `${describe(decoded.right)}\n`);
  return 0;
}

function dhcpDecodeCommand(input: string, flags: DecodeFlags): number {
  return printDecoded('DHCP', decodeMessage(readPacket(input)), describeMessage, flags);
}

function dhcpv6DecodeCommand(input: string, flags: DecodeFlags): number {
  return printDecoded('DHCPv6', decodeMessage6(readPacket(input)), describeMessage6, flags);
}

interface ServeFlags {
  readonly pod: string;
  readonly vmi?: string;
  readonly clientMac?: string;
  readonly vmiInterface?: string;
  readonly interface?: string;
  readonly address?: string;
  readonly port: string;
  readonly nakMessage?: string;
  readonly quiet?: boolean;
}

/**
 * The spec whose bridge interface is served: the VMI file's, or the default one (a bridge
 * interface named `default` on the pod network) that admit() gives an empty spec.
 */
function servedSpec(vmiFile: string | undefined): ValidSpec {
  const admitted = admit(vmiFile === undefined ? {} : readDocuments(vmiFile)[0]);
  if (E.isLeft(admitted)) throw new UsageError(admitted.left.map((c) => `${vmiFile ?? '<default spec>'}: ${formatCause(c)}`).join('\n'));
  return admitted.right.value;
}

/** A lease's causes on stderr, each named by the file it is about; the exit status. */
function reportLeaseCauses(causes: readonly StatusCause[], flags: { readonly pod: string; readonly vmi?: string }): number {
  for (const c of causes) process.stderr.write(`${c.field.startsWith('pod') ? flags.pod : (flags.vmi ?? '')}: ${formatCause(c)}\n`);
  return 1;
}

function portOf(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port ${text}: not a port`);
  return port;
}

/** Every leased NIC of the VMI, or the one --vmi-interface names. */
function servedLeases(spec: ValidSpec, pod: PodContext, flags: ServeFlags): Result<readonly InterfaceLease[]> {
  const clientMac = flags.clientMac !== undefined ? { clientMac: flags.clientMac } : {};
  if (flags.vmiInterface === undefined) return leasesFor(spec, pod, clientMac);
  const one = leaseFor(spec, pod, { ...clientMac, interface: flags.vmiInterface });
  if (E.isLeft(one)) return one;
  const all = leasesFor(spec, pod, clientMac);
  const bridge = (E.isRight(all) ? all.right.value.find((l) => l.interface === flags.vmiInterface)?.bridge : undefined) ?? DEFAULT_BRIDGE;
  return E.right({ value: [{ interface: flags.vmiInterface, bridge, lease: one.right.value }], warnings: one.right.warnings });
}

async function dhcpServeCommand(flags: ServeFlags): Promise<number> {
  const pod = readPod(flags.pod);
  const spec = servedSpec(flags.vmi);
  if (pod === undefined) throw new UsageError('--pod is required');
  const leased = servedLeases(spec, pod, flags);
  if (E.isLeft(leased)) return reportLeaseCauses(leased.left, flags);
  for (const w of leased.right.warnings) process.stderr.write(`warning: ${w}\n`);
  const port = portOf(flags.port);
  const nics = leased.right.value;
  if (nics.length > 1 && (flags.address !== undefined || flags.interface !== undefined)) {
    throw new UsageError(`--address and --interface name one NIC's server, and this VMI has ${nics.length} leased NICs (${nics.map((n) => n.interface).join(', ')}): add --vmi-interface NAME`);
  }
  const served = nics.map((nic) => ({
    lease: nic.lease,
    interface: flags.interface ?? nic.bridge,
    address: flags.address ?? nic.lease.serverId,
    vmiInterface: nic.interface,
  }));
  const server = createDhcpServer({
    leases: served,
    port,
    ...(flags.nakMessage !== undefined && { nakMessage: flags.nakMessage }),
  });
  const line = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
  // A JSON line per packet is the main per-packet cost under load; --quiet keeps only the
  // listening and closed lines (the server then builds no exchange events at all).
  if (flags.quiet !== true) server.on('exchange', (exchange) => line({ event: 'exchange', ...exchange }));
  try {
    await server.start();
  } catch (error) {
    process.stderr.write(`kubevirt-net: ${(error as Error).message}\n`);
    return 1;
  }
  // One line per NIC, so a reader waiting for "listening" sees every served bridge.
  for (const s of served) line({ event: 'listening', interface: s.interface, vmiInterface: s.vmiInterface, address: s.address, port, lease: toJson(s.lease) });
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await server.close();
  line({ event: 'closed', stats: server.stats() });
  return 0;
}

interface PodPlanFlags {
  readonly pod: string;
  readonly interface?: string;
  readonly podInterface?: string;
  readonly legacyMigrationPorts?: boolean;
  readonly output: 'nft' | 'json' | 'radvd';
}

/** `pod-plan`: masquerade's in-pod plumbing for one VMI, as the nft script or as JSON. */
function podPlanCommand(file: string, flags: PodPlanFlags): number {
  const pod = readPod(flags.pod);
  if (pod === undefined) throw new UsageError('--pod is required');
  const [doc] = readDocuments(file);
  const source = file === '-' ? '<stdin>' : file;
  const planned = pipe(
    admit(doc),
    E.chain((admitted) =>
      pipe(
        podPlan(admitted.value, pod, {
          ...(flags.interface !== undefined && { interface: flags.interface }),
          ...(flags.podInterface !== undefined && { podInterfaceName: flags.podInterface }),
          ...(flags.legacyMigrationPorts === true && { legacyMigrationPorts: true }),
        }),
        E.map((plan) => ({ value: plan.value, warnings: [...admitted.warnings, ...plan.warnings] })),
      ),
    ),
  );
  if (E.isLeft(planned)) {
    for (const c of planned.left) process.stderr.write(`${c.field.startsWith('pod') ? flags.pod : source}: ${formatCause(c)}\n`);
    return 1;
  }
  for (const w of planned.right.warnings) process.stderr.write(`warning: ${source}: ${w}\n`);
  const plan = planned.right.value;
  if (flags.output === 'radvd') {
    const ra = routerAdvertisement(plan);
    if (ra === undefined) {
      process.stderr.write(`${flags.pod}: pod.ipv6: the pod has no IPv6 address: no Router Advertisements to send\n`);
      return 1;
    }
    process.stdout.write(radvdConf(ra));
    return 0;
  }
  process.stdout.write(flags.output === 'json' ? `${JSON.stringify({ ...plan, routerAdvertisement: routerAdvertisement(plan) }, null, 2)}\n` : planScript(plan));
  return 0;
}

interface Serve6Flags {
  readonly pod: string;
  readonly vmi?: string;
  readonly vmiInterface?: string;
  readonly interface: string;
  readonly port: string;
  readonly quiet?: boolean;
}

/** `dhcpv6 serve`: the masquerade VM's DHCPv6 lease on the in-pod bridge, one JSON line per exchange. */
async function dhcpv6ServeCommand(flags: Serve6Flags): Promise<number> {
  const pod = readPod(flags.pod);
  if (pod === undefined) throw new UsageError('--pod is required');
  const spec = servedSpec(flags.vmi);
  const leased = lease6For(spec, pod, flags.vmiInterface === undefined ? {} : { interface: flags.vmiInterface });
  if (E.isLeft(leased)) return reportLeaseCauses(leased.left, flags);
  for (const w of leased.right.warnings) process.stderr.write(`warning: ${w}\n`);
  const port = portOf(flags.port);
  const lease = leased.right.value;
  const server = createDhcpv6Server({ lease, interface: flags.interface, port });
  const line = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
  if (flags.quiet !== true) server.on('exchange', (exchange) => line({ event: 'exchange', interface: flags.interface, ...exchange }));
  try {
    await server.start();
  } catch (error) {
    process.stderr.write(`kubevirt-net: ${(error as Error).message}\n`);
    return 1;
  }
  line({ event: 'listening', interface: flags.interface, port, lease });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await server.close();
  line({ event: 'closed', stats: server.stats() });
  return 0;
}

/** The plan as a shell script a root shell inside the pod's network namespace can run. */
function planScript(plan: PodPlan): string {
  const mtu = (value: number | undefined): string => (value === undefined ? '' : ` mtu ${value}`);
  return [
    `# kubevirt-net pod-plan: masquerade for interface ${plan.interface} (pod interface ${plan.podInterface})`,
    `ip link add ${plan.bridge.name} type bridge`,
    `ip link set ${plan.bridge.name} address ${plan.bridge.mac}${mtu(plan.bridge.mtu)} up`,
    ...plan.bridge.addresses.map((a) => `ip address add ${a} dev ${plan.bridge.name}`),
    `ip tuntap add dev ${plan.tap.name} mode tap`,
    `ip link set ${plan.tap.name}${mtu(plan.tap.mtu)} master ${plan.tap.controller} up`,
    ...plan.sysctls.map(([key, value]) => `sysctl -qw ${key}=${value}`),
    `nft -f - <<'NFT'`,
    `${plan.nftables}NFT`,
    '',
  ].join('\n');
}

/** `dhcp decode` and `dhcpv6 decode` take the same input and flags. */
function addDecodeCommand(parent: Command, description: string, run: (input: string, flags: DecodeFlags) => void): void {
  parent
    .command('decode')
    .description(description)
    .argument('<input>', 'a hex string, a file (raw bytes or hex), or - for stdin')
    .addOption(new Option('--output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(run);
}

function buildProgram(setStatus: (code: number) => void): Command {
  const program = new Command()
    .name('kubevirt-net')
    .description("KubeVirt's VM network stage: validate a VMI/VM, render libvirt domain XML, speak DHCP for bridge mode")
    .version(version())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  program
    .command('render')
    .description('Render libvirt domain XML for a VMI, a VM or a multi-document file (no FILE: the bundled example)')
    .argument('[file]', 'YAML or JSON file, or - for stdin')
    .option('--pod <file>', 'pod context (JSON or YAML): MAC, MTU, IPv4, routes, resolv.conf, hostname')
    .addOption(new Option('--format <format>', 'what to print').choices(['domain', 'interfaces', 'json']).default('domain'))
    .addOption(new Option('--slirp <form>', 'how slirp interfaces are expressed').choices(['qemu-args', 'passt']).default('qemu-args'))
    .option('--bridge <name>', 'the in-pod bridge for bridge interfaces (default k6t-eth0)')
    .action((file: string | undefined, flags: RenderFlags) => setStatus(renderCommand(file, flags)));

  program
    .command('validate')
    .description("Validate VMIs/VMs as KubeVirt's admission webhook does; exit status 1 when any is rejected")
    .argument('<files...>', 'YAML or JSON files, or - for stdin')
    .addOption(new Option('--output <format>', 'text: PATH: MESSAGE lines; json: the StatusCause list').choices(['text', 'json']).default('text'))
    .action((files: string[], flags: { output: 'text' | 'json' }) => setStatus(validateCommand(files, flags)));

  program
    .command('pod-plan')
    .description("Print the pod's plumbing for a masquerade interface: bridge, tap, sysctls and KubeVirt's nftables NAT rules")
    .argument('<file>', 'the VMI/VM (YAML or JSON), or - for stdin')
    .requiredOption('--pod <file>', 'pod context (JSON or YAML): MAC, MTU, IPv4, IPv6, resolv.conf, hostname')
    .option('--interface <name>', 'the masquerade interface (default: the first)')
    .option('--pod-interface <name>', "the pod's interface (default eth0)")
    .option('--legacy-migration-ports', "keep libvirt's TCP migration ports 49152-49153 for the pod")
    .addOption(
      new Option('--output <format>', 'nft: a shell script with the nft -f rules; json: the plan as data; radvd: radvd.conf for the bridge\'s Router Advertisements (dual-stack pod)')
        .choices(['nft', 'json', 'radvd'])
        .default('nft'),
    )
    .action((file: string, flags: PodPlanFlags) => setStatus(podPlanCommand(file, flags)));

  const dhcp = program.command('dhcp').description('DHCPv4: decode a message, serve the bridge-mode lease');
  addDecodeCommand(dhcp, "Print a DHCP message's header and every option by name and value", (input, flags) => setStatus(dhcpDecodeCommand(input, flags)));
  dhcp
    .command('serve')
    .description("Serve the VM its DHCPv4 leases as KubeVirt does (bridge: each pod interface's address; masquerade: 10.0.2.2), every leased NIC from one process; one JSON line per exchange")
    .requiredOption('--pod <file>', 'pod context (JSON or YAML): MAC, MTU, IPv4, routes, resolv.conf, hostname')
    .option('--vmi <file>', "the VMI/VM whose bridge and masquerade interfaces are served (MACs, dhcpOptions, networks); default: KubeVirt's default interface")
    .option('--client-mac <mac>', 'for a masquerade interface without macAddress: the MAC libvirt gave the VM')
    .option('--vmi-interface <name>', 'serve only this spec interface (default: every bridge and masquerade interface with an IPv4 address in the pod)')
    .option('--interface <name>', "the bridge the NIC is plugged into, reported in events (default: KubeVirt's name, k6t-eth0 or k6t-<hash>); one NIC only")
    .option('--address <ip>', "the address to answer from (default: each NIC's server identifier, 169.254.75.1N); one NIC only")
    .option('--port <n>', 'UDP port', '67')
    .option('--nak-message <text>', 'option 56 text in NAKs')
    .option('--quiet', 'print only the listening and closed lines, no line per exchange')
    .action(async (flags: ServeFlags) => setStatus(await dhcpServeCommand(flags)));

  const dhcpv6 = program.command('dhcpv6').description('DHCPv6: decode a message, serve a masquerade VM its IPv6 address on a dual-stack pod');
  addDecodeCommand(
    dhcpv6,
    'Print a DHCPv6 message (the UDP payload) and every option by name and value, nested options and relayed messages indented',
    (input, flags) => setStatus(dhcpv6DecodeCommand(input, flags)),
  );
  dhcpv6
    .command('serve')
    .description("Serve the VM fd10:0:2::2 (vmIPv6NetworkCIDR) as KubeVirt's masquerade does; one JSON line per exchange. Router Advertisements: pod-plan --output radvd")
    .requiredOption('--pod <file>', 'pod context (JSON or YAML) with ipv6 and resolv.conf')
    .option('--vmi <file>', 'the VMI/VM whose masquerade interface is served')
    .option('--vmi-interface <name>', 'the masquerade interface (default: the first)')
    .option('--interface <name>', 'the in-pod bridge: ff02::1:2 is joined there and only its link-local clients are answered', 'k6t-eth0')
    .option('--port <n>', 'UDP port', '547')
    .option('--quiet', 'print only the listening and closed lines')
    .action(async (flags: Serve6Flags) => setStatus(await dhcpv6ServeCommand(flags)));

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let status = 0;
  const program = buildProgram((code) => {
    status = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      process.stderr.write(`kubevirt-net: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
