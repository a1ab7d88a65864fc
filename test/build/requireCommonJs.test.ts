/*
 * The ESM build's stand-in for a CommonJS dependency (scripts/build/requireCommonJs.ts):
 * written next to node_modules and imported as Node imports dist/, it must give the very
 * module a `require` gives (one fp-ts and one io-ts shared with the caller), every export
 * name included, reserved words such as fp-ts's `let` too. The package test
 * (test/interop/package.test.ts) checks the built dist/ end to end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireShim } from '../../scripts/build/requireCommonJs.js';

const require = createRequire(import.meta.url);
// Inside the project, so that the shim's createRequire(import.meta.url) finds node_modules.
const dir = mkdtempSync(join(resolve('node_modules'), '.require-shim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importShim(specifier: string): Promise<Record<string, unknown>> {
  const file = join(dir, `${specifier.replace(/\W/g, '_')}.mjs`);
  writeFileSync(file, requireShim(specifier, Object.keys(require(specifier) as object)));
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

describe('requireShim', () => {
  it.each(['fp-ts/lib/Either.js', 'fp-ts/lib/function.js', 'io-ts'])('re-exports every name of %s, the objects require gives', async (specifier) => {
    const required = require(specifier) as Record<string, unknown>;
    const shim = await importShim(specifier);
    const names = Object.keys(required).filter((name) => name !== '__esModule' && name !== 'default');
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(shim[name], name).toBe(required[name]);
    expect(shim['default']).toBe(required);
  });

  it('exports reserved words by name (fp-ts has `let`, io-ts has `interface`)', async () => {
    const either = await importShim('fp-ts/lib/Either.js');
    expect(typeof either['let']).toBe('function');
    const ioTs = await importShim('io-ts');
    expect(typeof ioTs['interface']).toBe('function');
  });

  it('leaves out names that are not identifiers and the interop marker', () => {
    const text = requireShim('x', ['right', '__esModule', 'default', 'not-a-name', '1st']);
    expect(text).toContain('v0 as right');
    expect(text).not.toMatch(/__esModule|not-a-name|1st/);
  });
});
