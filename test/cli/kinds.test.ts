/** Issue 18: the CLI over every kind that carries a VMI, kubectl lists, and kinds that carry none. */
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

const vmi = (name: string, binding = 'bridge') => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name },
  spec: { domain: { devices: { interfaces: [{ name: 'default', [binding]: {} }] } }, networks: [{ name: 'default', pod: {} }] },
});

describe('kubevirt-net validate and render over kinds', () => {
  it('validate reports every document of examples/kinds.yaml, list items by index and name', () => {
    const r = cli(['validate', 'examples/kinds.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'examples/kinds.yaml (document 1) vmi-replicaset-cirros: valid',
      'examples/kinds.yaml (document 2) vm-pool-cirros: valid',
      'examples/kinds.yaml (document 3) items[0] listed-vmi: valid',
      'examples/kinds.yaml (document 3) items[1] listed-vm: valid',
      'examples/kinds.yaml (document 4) small: kind VirtualMachineInstancePreset carries no VMI spec: nothing to check',
    ]);
  });

  it('a VirtualMachineInstanceList with a bad item: its causes under its place, exit 1', () => {
    const list = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceList', items: [vmi('good'), vmi('bad', 'sriov')] };
    const r = cli(['validate', '-'], JSON.stringify(list));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('<stdin> items[0] good: valid\n');
    expect(r.stdout).toMatch(/^<stdin> items\[1\] bad: spec\.domain\.devices\.interfaces\[0\]\.sriov: /m);
    const json = JSON.parse(cli(['validate', '--output', 'json', '-'], JSON.stringify(list)).stdout) as Array<Record<string, unknown>>;
    expect(json.map((e) => [e['item'], e['name'], e['allowed']])).toEqual([
      [0, 'good', true],
      [1, 'bad', false],
    ]);
    expect(json[0]).toMatchObject({ file: '<stdin>', document: 1, kind: 'VirtualMachineInstance', causes: [], warnings: [] });
  });

  it('render: a pool and a replica set each give a domain; an empty list and a preset are reported, not errors', () => {
    const r = cli(['render', 'examples/kinds.yaml', '--format', 'interfaces']);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/<interface /g)?.length).toBe(3);
    expect(r.stdout).toContain('hostfwd=tcp::22-:22');
    expect(r.stderr).toContain('examples/kinds.yaml (document 4) small: kind VirtualMachineInstancePreset carries no VMI spec: nothing to check');
    const empty = cli(['validate', '-'], JSON.stringify({ kind: 'List', items: [] }));
    expect(empty).toMatchObject({ status: 0, stdout: '<stdin>: an empty List: nothing to check\n' });
  });

  it('render on bad input names the file and the item', () => {
    const r = cli(['render', '-'], JSON.stringify({ kind: 'List', items: [vmi('bad', 'sriov')] }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^<stdin> items\[0\] bad: spec\.domain\.devices\.interfaces\[0\]\.sriov: /m);
  });
});
