/**
 * The package as a consumer gets it: `npm pack`, publint, arethetypeswrong, then the
 * tarball installed into a fresh project and used from `import`, from `require`, and from
 * TypeScript compiled with tsc against the shipped .d.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve('.');
const run = (cmd: string, args: readonly string[], cwd: string): string =>
  execFileSync(cmd, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });

let work = '';
let tarball = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kubevirt-net-pack-'));
  run('npm', ['pack', '--pack-destination', work, '--silent'], root);
  const file = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (file === undefined) throw new Error('npm pack made no tarball');
  tarball = join(work, file);
}, 240_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the published package', () => {
  it('holds what a consumer needs and nothing else', () => {
    const listing = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root)) as Array<{ files: Array<{ path: string }> }>;
    const paths = (listing[0]?.files ?? []).map((f) => f.path);
    // docs/*.md ship so that the README's links work from the registry page and node_modules.
    for (const p of paths) expect(p).toMatch(/^(dist\/|examples\/|docs\/[^/]+\.md$|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/);
    for (const needed of ['docs/masquerade.md', 'docs/admission-webhook.md', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/dhcp.js', 'dist/dhcp.cjs', 'dist/cli.js', 'LICENSE']) {
      expect(paths).toContain(needed);
    }
  });

  it('imports none of its CommonJS dependencies from its ES modules (it requires them: half the import time)', () => {
    const modules = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'));
    expect(modules).toContain('index.js');
    for (const file of modules) {
      const text = readFileSync(join(root, 'dist', file), 'utf8');
      expect(text, file).not.toMatch(/^\s*(import|export)\b[^;]*\bfrom\s*["'](fp-ts|io-ts|commander|yaml)([/"'])/m);
    }
  });

  it('passes publint and arethetypeswrong', () => {
    expect(run('npx', ['publint', '--strict'], root)).not.toMatch(/error|warning/i);
    run('npx', ['attw', tarball, '--profile', 'node16'], root);
  });

  it('works from import, require and tsc in a fresh project', () => {
    const consumer = join(work, 'consumer');
    run('mkdir', ['-p', consumer], work);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'typescript@5.9.3', '@types/node@20'], consumer);
    const vmi = `{ kind: 'VirtualMachineInstance', metadata: { name: 'x' }, spec: { domain: { devices: { interfaces: [{ name: 'red', bridge: {} }] } }, networks: [{ name: 'red', pod: {} }] } }`;
    // The ESM build requires its CommonJS peers (scripts/build/requireCommonJs.ts): they must be
    // the consumer's own fp-ts and io-ts, loaded once, into the CommonJS cache.
    writeFileSync(
      join(consumer, 'esm.mjs'),
      `import { createRequire } from 'node:module';\nimport { render } from 'kubevirt-net';\nimport * as dhcp from 'kubevirt-net/dhcp';\nconst r = render(${vmi});\n` +
        `const cached = Object.keys(createRequire(import.meta.url).cache);\n` +
        `const own = (p) => cached.filter((k) => k.endsWith(p)).map((k) => k.startsWith(process.cwd() + '/node_modules/')).join();\n` +
        `console.log(r._tag, typeof dhcp.decodeMessage, own('/fp-ts/lib/Either.js'), own('/io-ts/lib/index.js'));\n`,
    );
    writeFileSync(join(consumer, 'cjs.cjs'), `const { admit } = require('kubevirt-net');\nconst { encodeMessage } = require('kubevirt-net/dhcp');\nconsole.log(admit(${vmi})._tag, typeof encodeMessage);\n`);
    writeFileSync(
      join(consumer, 'typed.ts'),
      `import { render, type PodContext, type StatusCause } from 'kubevirt-net';\nimport { decodeMessage } from 'kubevirt-net/dhcp';\nconst pod: PodContext = { mac: '02:00:00:00:00:01', mtu: 1450 };\nconst r = render(${vmi}, { pod });\nconst causes: readonly StatusCause[] = r._tag === 'Left' ? r.left : [];\nconsole.log(r._tag, causes.length, typeof decodeMessage);\n`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, outDir: 'out', types: ['node'] }, files: ['typed.ts'] }),
    );
    expect(run('node', ['esm.mjs'], consumer).trim()).toBe('Right function true true');
    expect(run('node', ['cjs.cjs'], consumer).trim()).toBe('Right function');
    run('npx', ['tsc', '-p', '.'], consumer);
    expect(run('node', ['out/typed.js'], consumer).trim()).toBe('Right 0 function');
    expect(run('npx', ['kubevirt-net', '--version'], consumer).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
