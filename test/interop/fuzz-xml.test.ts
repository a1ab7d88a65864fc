/**
 * Issue 9: every spec the fuzzer's generators get accepted renders XML that libvirt's own
 * schema accepts. A seeded sample of accepted specs (valid ones and mutated ones that still
 * pass validation), each rendered and checked with virt-xml-validate.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/index.js';
import { hostileInput, validInput } from '../fuzz/specArbitraries.js';

const run = promisify(execFile);
const SAMPLE = 120;
const dir = mkdtempSync(join(tmpdir(), 'kvnet-fuzz-xml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function hasValidator(): Promise<boolean> {
  try {
    await run('which', ['virt-xml-validate']);
    return true;
  } catch {
    return false;
  }
}
const missing = !(await hasValidator());

function acceptedSample(): string[] {
  const pods = [undefined, { mac: '0a:58:0a:f4:00:2c', mtu: 1450, resolvConf: 'search a.example b.example\n' }];
  const out: string[] = [];
  for (const [i, input] of [...fc.sample(validInput, { numRuns: SAMPLE / 2, seed: 7 }), ...fc.sample(hostileInput, { numRuns: 20_000, seed: 11 })].entries()) {
    const xml = render(input, { ...(pods[i % 2] !== undefined && { pod: pods[i % 2] }), slirp: i % 5 === 0 ? 'passt' : 'qemu-args' });
    if (xml._tag === 'Right') out.push(xml.right.value);
    if (out.length >= SAMPLE) break;
  }
  return out;
}

describe.skipIf(missing)(`accepted fuzz specs render schema-valid XML${missing ? ' — SKIPPED: virt-xml-validate missing (scripts/interop/install-debian-packages.sh)' : ''}`, () => {
  it(`virt-xml-validate accepts all of ${SAMPLE} accepted specs`, async () => {
    const sample = acceptedSample();
    expect(sample.length).toBe(SAMPLE);
    const failures: string[] = [];
    // Four at a time: each run loads libvirt's schema into xmllint.
    for (let i = 0; i < sample.length; i += 4) {
      await Promise.all(
        sample.slice(i, i + 4).map(async (xml, k) => {
          const file = join(dir, `domain-${i + k}.xml`);
          writeFileSync(file, xml);
          try {
            await run('virt-xml-validate', [file, 'domain'], { timeout: 60_000 });
          } catch (error) {
            failures.push(`${file}: ${String((error as { stderr?: string }).stderr ?? error)}\n${xml}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
  });
});
