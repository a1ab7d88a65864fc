/**
 * libvirt and QEMU judge our domain XML: libvirt's schema (virt-xml-validate), libvirt's
 * parser (define --validate + dumpxml on the test driver) and QEMU itself (libvirt's QEMU
 * driver embedded in virsh, in private namespaces, VM started paused and read back through
 * the monitor). First the harness proves itself on hand-written XML; then the matrix runs
 * what render() produces from VMI objects.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/index.js';
import { domainFacts, type DomainFacts } from './libvirt/domain-facts.js';
import {
  compareDump,
  compareHostForwards,
  compareLiveNics,
  expectedHostForwards,
  expectedNics,
  type ExpectedHostForward,
  type ExpectedNic,
} from './libvirt/expectations.js';
import { fixture, fixtureMac, MODELS, QEMU_DEVICE_OF, sixBridgeNics, sixSlirpNics, type Machine } from './libvirt/fixtures.js';
import { defineAndDump, firstFailure, libvirtAvailability, startForReal, validateSchema, type StartResult } from './libvirt/harness.js';
import { COMPOSED, COMPOSED_NAME, MATRIX, PASST_CASES, POD, TWO_POD_INTERFACES, type MatrixCase } from './libvirt/matrix.js';
import { describeRun } from './libvirt/run-tool.js';

const available = await libvirtAvailability();
const skipNote = (missing: readonly string[]): string => (missing.length === 0 ? '' : ` — SKIPPED: ${missing.join('; ')}`);

function factsOf(xml: string): DomainFacts {
  const parsed = domainFacts(xml);
  if (!parsed.ok) throw new Error(`fixture is not a domain: ${parsed.error}`);
  return parsed.facts;
}

/** Everything a failed start needs to be understood: the failing step and QEMU's log. */
function startReport(result: StartResult): string {
  return [result.error ?? '', firstFailure(result.steps), result.run === undefined ? '' : describeRun(result.run), '--- QEMU log', result.qemuLog].join('\n');
}

// Known libvirt 9.0.0 bug (libvirt gitlab issue #462, reported on Debian 12): the schema
// accepts <backend type="passt"> but the parser refuses it (and every other value).
const PASST_PARSER_BUG = "Invalid value for attribute 'type' in element 'backend'";
const PER_DEVICE_BOOT_CONFLICT = 'per-device boot elements cannot be used together with os/boot elements';

describe(`libvirt schema: virt-xml-validate (hand-written XML)${skipNote(available.schema)}`, () => {
  it.skipIf(available.schema.length > 0).each(['bridge', 'slirp', 'passt', 'bridge-os-boot', 'slirp-bare-device'] as const)(
    'accepts the %s fixture',
    async (name) => {
      const result = await validateSchema(await fixture(name));
      expect(result.valid, describeRun(result.run)).toBe(true);
    },
  );

  it.skipIf(available.schema.length > 0)('accepts six NIC models in one domain, bridge and slirp, pc and q35', async () => {
    for (const machine of ['pc', 'q35'] as const) {
      for (const xml of [sixBridgeNics(machine), sixSlirpNics(machine)]) {
        const result = await validateSchema(xml);
        expect(result.valid, describeRun(result.run)).toBe(true);
      }
    }
  });

  it.skipIf(available.schema.length > 0)('rejects a dash-form MAC in <mac address>: only the colon form is libvirt syntax', async () => {
    const xml = (await fixture('bridge')).replace('de:ad:00:00:be:af', 'DE-AD-00-00-BE-AF');
    const result = await validateSchema(xml);
    expect(result.valid).toBe(false);
    expect(result.messages.join('\n')).toContain('fails to validate');
  });
});

describe(`libvirt parser: define --validate + dumpxml on test:///default (hand-written XML)${skipNote(available.testDriver)}`, () => {
  const skip = available.testDriver.length > 0;

  it.skipIf(skip)('keeps the bridge interface: type, model, MAC, alias, bridge, MTU, boot order, PCI address', async () => {
    const xml = await fixture('bridge');
    const result = await defineAndDump(xml, 'kvnet-bridge');
    expect(result.defined, firstFailure(result.steps)).toBe(true);
    expect(result.dump).toBeDefined();
    expect(compareDump(factsOf(xml), result.dump ?? factsOf(xml), { qemuArgs: false })).toEqual([]);
  });

  it.skipIf(skip)('defines the slirp domain (the test driver drops <qemu:commandline>; the QEMU driver keeps it)', async () => {
    const result = await defineAndDump(await fixture('slirp'), 'kvnet-slirp');
    expect(result.defined, firstFailure(result.steps)).toBe(true);
    expect(result.dump?.interfaces).toEqual([]);
  });

  it.skipIf(skip)('keeps six bridge NICs of six models in order', async () => {
    for (const machine of ['pc', 'q35'] as const) {
      const xml = sixBridgeNics(machine);
      const result = await defineAndDump(xml, `kvnet-six-bridge-${machine}`);
      expect(result.defined, firstFailure(result.steps)).toBe(true);
      expect(compareDump(factsOf(xml), result.dump ?? factsOf(xml), { qemuArgs: false })).toEqual([]);
    }
  });

  it.skipIf(skip)('refuses <boot order> on an interface when <os> has <boot dev> (schema-valid, parser-invalid)', async () => {
    const result = await defineAndDump(await fixture('bridge-os-boot'), 'kvnet-os-boot');
    expect(result.defined).toBe(false);
    expect(result.steps[0]?.stderr).toContain(PER_DEVICE_BOOT_CONFLICT);
  });

  it.skipIf(skip)('passt form: parsed and kept, or refused by the known libvirt 9.0.0 parser bug', async (ctx) => {
    const xml = await fixture('passt');
    const result = await defineAndDump(xml, 'kvnet-passt');
    if (!result.defined) {
      expect(result.steps[0]?.stderr).toContain(PASST_PARSER_BUG);
      ctx.skip(`this libvirt cannot parse <backend type="passt"> (libvirt 9.0.0 bug, gitlab issue #462): ${result.steps[0]?.stderr ?? ''}`);
    }
    expect(compareDump(factsOf(xml), result.dump ?? factsOf(xml), { qemuArgs: false })).toEqual([]);
  });

  it.skipIf(skip)('refuses a domain name the harness will not put in a virsh batch', async () => {
    const result = await defineAndDump(await fixture('bridge'), "x'; destroy y");
    expect(result.run).toBeUndefined();
    expect(result.error).toMatch(/not one the harness puts/);
    const mismatch = await defineAndDump(await fixture('bridge'), 'some-other-name');
    expect(mismatch.error).toMatch(/<name> is "kvnet-bridge"/);
  });
});

/** Runs the three live checks shared by every started domain. */
function expectLive(xml: string, result: StartResult): void {
  const written = factsOf(xml);
  expect(result.started, startReport(result)).toBe(true);
  expect(compareLiveNics(expectedNics(written), result.nics, result.devices)).toEqual([]);
  expect(compareHostForwards(expectedHostForwards(written), result.usernet)).toEqual([]);
  expect(result.live, startReport(result)).toBeDefined();
  expect(compareDump(written, result.live ?? written, { qemuArgs: true })).toEqual([]);
  expect(result.destroyed, startReport(result)).toBe(true);
  expect(result.completed).toBe(true);
}

describe(`QEMU for real: qemu:///embed in private namespaces (hand-written XML)${skipNote(available.embeddedQemu)}`, () => {
  const skip = available.embeddedQemu.length > 0;

  it.skipIf(skip)('starts the bridge fixture: e1000 with its MAC, bootindex 1 and PCI slot 0x0a', async () => {
    const xml = await fixture('bridge');
    const result = await startForReal(xml, 'kvnet-bridge');
    expectLive(xml, result);
    expect(result.nics).toEqual([
      { id: 'ua-red', model: 'e1000', mac: 'de:ad:00:00:be:af', peer: expect.objectContaining({ id: 'hostua-red', type: 'tap' }) },
    ]);
    expect(result.devices).toEqual([{ id: 'ua-red', bootindex: 1, slot: 0x0a, function: 0 }]);
  });

  it.skipIf(skip)('starts the slirp fixture: JSON -device, hostfwd tcp 80 and udp 53 live, bootindex honoured', async () => {
    const xml = await fixture('slirp');
    const result = await startForReal(xml, 'kvnet-slirp');
    expectLive(xml, result);
    expect(result.nics).toEqual([
      { id: 'red', model: 'e1000', mac: 'de:ad:00:00:be:af', peer: expect.objectContaining({ id: 'red', type: 'user' }) },
    ]);
    expect(result.usernet.filter((s) => s.state === 'HOST_FORWARD')).toEqual([
      { netdev: 'red', protocol: 'tcp', state: 'HOST_FORWARD', sourceAddress: '*', sourcePort: 80, destAddress: '10.0.2.15', destPort: 80 },
      { netdev: 'red', protocol: 'udp', state: 'HOST_FORWARD', sourceAddress: '*', sourcePort: 53, destAddress: '10.0.2.15', destPort: 53 },
    ]);
    expect(result.devices.find((d) => d.id === 'red')?.bootindex).toBe(1);
  });

  describe.each(['pc', 'q35'] as const)('machine %s', (machine: Machine) => {
    it.skipIf(skip)('starts all six models as bridge NICs, each with its MAC, bootindex and PCI slot', async () => {
      const xml = sixBridgeNics(machine);
      const result = await startForReal(xml, `kvnet-six-bridge-${machine}`);
      expectLive(xml, result);
      expect(result.nics.map((n) => [n.model, n.mac])).toEqual(MODELS.map((m, i) => [QEMU_DEVICE_OF[m], fixtureMac(1, i)]));
    });

    it.skipIf(skip)('starts all six models as slirp NICs (JSON -device), every hostfwd live', async () => {
      const xml = sixSlirpNics(machine);
      const result = await startForReal(xml, `kvnet-six-slirp-${machine}`);
      expectLive(xml, result);
      expect(result.nics.map((n) => [n.model, n.mac])).toEqual(MODELS.map((m, i) => [QEMU_DEVICE_OF[m], fixtureMac(2, i)]));
      expect(result.usernet.filter((s) => s.state === 'HOST_FORWARD')).toHaveLength(12);
    });
  });

  it.skipIf(skip)('fails to start KubeVirt 2018 bare `-device e1000,netdev=…`: it takes a PCI slot libvirt assigned', async () => {
    const result = await startForReal(await fixture('slirp-bare-device'), 'kvnet-bare-device');
    expect(result.defined).toBe(true);
    expect(result.started).toBe(false);
    expect(result.steps.find((s) => s.label === 'start')?.stderr).toMatch(/PCI: slot \d+ function 0 not available for .*, in use by e1000,id=red/);
  });

  it.skipIf(skip)('refuses interface boot order next to <os><boot dev> in the QEMU driver too', async () => {
    const result = await startForReal(await fixture('bridge-os-boot'), 'kvnet-os-boot');
    expect(result.defined).toBe(false);
    expect(result.steps[0]?.stderr).toContain(PER_DEVICE_BOOT_CONFLICT);
  });

  it.skipIf(skip)('passt form: starts with passt, or is refused by the known libvirt 9.0.0 parser bug', async (ctx) => {
    const xml = await fixture('passt');
    const result = await startForReal(xml, 'kvnet-passt', { uplink: true });
    if (!result.defined) {
      expect(result.steps[0]?.stderr).toContain(PASST_PARSER_BUG);
      ctx.skip(`this libvirt cannot parse <backend type="passt"> (libvirt 9.0.0 bug, gitlab issue #462): ${result.steps[0]?.stderr ?? ''}`);
    }
    expect(result.started, startReport(result)).toBe(true);
    expect(compareLiveNics(expectedNics(factsOf(xml)), result.nics, result.devices)).toEqual([]);
  });

  it.skipIf(skip)('cleans up after a run killed half-way: no namespace process, no temp root left', async () => {
    // The VM is held running for a minute; the harness SIGKILLs the runner after 10 s.
    const result = await startForReal(sixSlirpNics('pc'), 'kvnet-six-slirp-pc', { holdSeconds: 60, timeoutMs: 10_000 });
    expect(result.run?.timedOut).toBe(true);
    expect(result.started, startReport(result)).toBe(true);
    expect(result.completed).toBe(false);
    const root = result.root ?? 'no root reported';
    expect(await readdir(root).catch(() => 'gone')).toBe('gone');
    // QEMU's command line names files under the embed root: no process may still hold one.
    expect(await processesMentioning(root)).toEqual([]);
  });
});

/**
 * Command lines of live processes that mention `needle` (QEMU's carries its embed root),
 * after giving the kernel a moment to reap a PID namespace whose init was just killed.
 */
async function processesMentioning(needle: string): Promise<readonly string[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const found = await scanProcesses(needle);
    if (found.length === 0) return found;
    await sleep(100);
  }
  return scanProcesses(needle);
}

async function scanProcesses(needle: string): Promise<readonly string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle) && Number(pid) !== process.pid) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// The matrix: what render() makes of VMI objects, judged by libvirt and QEMU.

const allTools = [...new Set([...available.schema, ...available.testDriver, ...available.embeddedQemu])];

/** One line per case of what libvirt and QEMU reported, for the closing note. */
const reportRows: string[] = [];

function reportRow(label: string, result: StartResult): string {
  const nics = result.nics.map((n) => {
    const probe = result.devices.find((d) => d.id === n.id);
    const boot = probe?.bootindex !== undefined && probe.bootindex >= 0 ? ` boot=${probe.bootindex}` : '';
    const slot = probe?.slot !== undefined ? ` slot=0x${probe.slot.toString(16).padStart(2, '0')}.${String(probe.function)}` : '';
    return `${n.id} ${n.model} ${n.mac}${boot}${slot}`;
  });
  const forwards = result.usernet
    .filter((s) => s.state === 'HOST_FORWARD')
    .map((s) => `${s.protocol} ${s.sourcePort}→${s.destAddress}:${s.destPort}`);
  return `| ${label} | ${nics.join('; ')} | ${forwards.join(', ') || '—'} |`;
}

afterAll(async () => {
  // KVNET_LIBVIRT_REPORT=FILE writes the matrix as a markdown table (schema, parser and start all passed for every row).
  const file = process.env['KVNET_LIBVIRT_REPORT'];
  if (file === undefined || reportRows.length === 0) return;
  const header = '| case | info network (id model MAC, qom bootindex / PCI slot) | info usernet hostfwd |\n|---|---|---|';
  await writeFile(file, `${header}\n${reportRows.join('\n')}\n`);
});

function rendered(input: unknown, options: Parameters<typeof render>[1]): string {
  const result = render(input, options);
  if (E.isLeft(result)) throw new Error(`render() refused the case: ${JSON.stringify(result.left)}`);
  return result.right.value;
}

/** Schema, parser and QEMU for one rendered domain, against the XML and the spec's own expectations. */
async function judge(
  xml: string,
  name: string,
  want: { readonly nics: readonly ExpectedNic[]; readonly hostForwards: readonly ExpectedHostForward[]; readonly guestAddress?: string },
  bridges?: readonly string[],
): Promise<StartResult> {
  const written = factsOf(xml);
  const schema = await validateSchema(xml);
  expect(schema.valid, `virt-xml-validate:\n${schema.messages.join('\n')}\n${xml}`).toBe(true);
  const parsed = await defineAndDump(xml, name);
  expect(parsed.defined, `${firstFailure(parsed.steps)}\n${xml}`).toBe(true);
  expect(compareDump(written, parsed.dump ?? written, { qemuArgs: false })).toEqual([]);
  const live = await startForReal(xml, name, bridges === undefined ? {} : { bridges });
  expectLive(xml, live);
  expect(compareLiveNics(want.nics, live.nics, live.devices)).toEqual([]);
  expect(compareHostForwards(want.hostForwards, live.usernet)).toEqual([]);
  if (want.guestAddress !== undefined) {
    const forwards = live.usernet.filter((s) => s.state === 'HOST_FORWARD');
    expect(forwards.filter((s) => s.destAddress !== want.guestAddress)).toEqual([]);
  }
  return live;
}

describe(`matrix: render() from VMI objects through schema, parser and QEMU${skipNote(allTools)}`, () => {
  const skip = allTools.length > 0;

  for (const c of MATRIX) {
    it.skipIf(skip)(c.label, async (ctx) => {
      const xml = rendered(c.input, c.options);
      const live = await judge(xml, c.name, c, c.bridges);
      const row = reportRow(c.label, live);
      reportRows.push(row);
      await ctx.annotate(row);
    });
  }

  it.skipIf(skip)('several interfaces in one VM: four VMIs composed through the skeleton option', async (ctx) => {
    let xml: string | undefined;
    for (const part of COMPOSED) {
      xml = rendered(part.input, { pod: POD, domain: xml === undefined ? { name: COMPOSED_NAME } : { skeleton: xml } });
    }
    if (xml === undefined) throw new Error('nothing composed');
    const live = await judge(xml, COMPOSED_NAME, {
      nics: COMPOSED.flatMap((p) => p.nics),
      hostForwards: COMPOSED.flatMap((p) => p.hostForwards),
      guestAddress: '10.0.2.15',
    });
    const row = reportRow('4 interfaces (bridge e1000 + bridge pcnet + slirp ne2k_pci + slirp e1000e) in one domain', live);
    reportRows.push(row);
    await ctx.annotate(row);
  });

  it('two interfaces on the pod network in one VMI: refused, KubeVirt allows one pod network', () => {
    const result = render(TWO_POD_INTERFACES, { pod: POD });
    expect(E.isLeft(result)).toBe(true);
    expect(JSON.stringify(result)).toMatch(/more than one interface is connected to a pod network/);
  });

  for (const c of PASST_CASES) passtCase(c, skip);
});

function passtCase(c: MatrixCase, skip: boolean): void {
  it.skipIf(skip)(c.label, async (ctx) => {
    const xml = rendered(c.input, c.options);
    const schema = await validateSchema(xml);
    expect(schema.valid, `virt-xml-validate:\n${schema.messages.join('\n')}\n${xml}`).toBe(true);
    const parsed = await defineAndDump(xml, c.name);
    if (!parsed.defined) {
      expect(parsed.steps[0]?.stderr).toContain(PASST_PARSER_BUG);
      reportRows.push(`| ${c.label} | schema valid; libvirt 9.0.0's parser refuses <backend type="passt"> (gitlab issue #462) | — |`);
      ctx.skip(`schema-valid, but this libvirt cannot parse <backend type="passt"> (libvirt 9.0.0 bug, gitlab issue #462)`);
    }
    const written = factsOf(xml);
    expect(compareDump(written, parsed.dump ?? written, { qemuArgs: false })).toEqual([]);
    const live = await startForReal(xml, c.name, { uplink: true });
    expect(live.started, startReport(live)).toBe(true);
    expect(compareLiveNics(c.nics, live.nics, live.devices)).toEqual([]);
    reportRows.push(reportRow(c.label, live));
  });
}
