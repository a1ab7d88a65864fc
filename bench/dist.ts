/**
 * The built package, which is what users run: every bench module takes the library from
 * here (dist/index.js, dist/dhcp.js, dist/dhcpv6.js), never from src/ under tsx, whose transform (e.g.
 * keepNames) changes what the hot paths cost.
 *
 * `npm run bench` builds first (its `prebench` script runs `npm run build`). Run any other
 * way (`npx tsx bench/run.ts`), a missing dist/, or one older than a file in src/ or the
 * build configuration, stops the bench here with a message saying to build, instead of
 * measuring code that is not the source's.
 *
 * The modules are loaded by URL so that type-checking never needs dist/: their types are
 * those of the sources they were built from, which the freshness check makes true.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_ROOT } from '../test/support/paths.js';

export const DIST_INDEX = join(REPOSITORY_ROOT, 'dist', 'index.js');
export const DIST_DHCP = join(REPOSITORY_ROOT, 'dist', 'dhcp.js');
export const DIST_DHCPV6 = join(REPOSITORY_ROOT, 'dist', 'dhcpv6.js');
const DIST_ENTRIES = [DIST_INDEX, DIST_DHCP, DIST_DHCPV6];

/** What the build reads besides src/. */
const BUILD_INPUTS = ['tsup.config.ts', 'package.json', 'tsconfig.json'].map((file) => join(REPOSITORY_ROOT, file));

function newestIn(dir: string): { readonly path: string; readonly mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(path);
    if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest;
}

/** Why dist/ cannot be benchmarked as the sources' build, or undefined when it can. */
export function distProblem(): string | undefined {
  const missing = DIST_ENTRIES.filter((file) => !existsSync(file));
  if (missing.length > 0) return `${missing.join(' and ')} missing`;
  const built = Math.min(...DIST_ENTRIES.map((file) => statSync(file).mtimeMs));
  const inputs = [newestIn(join(REPOSITORY_ROOT, 'src')), ...BUILD_INPUTS.filter(existsSync).map((path) => ({ path, mtimeMs: statSync(path).mtimeMs }))];
  const newer = inputs.find((input) => input.mtimeMs > built);
  return newer === undefined ? undefined : `dist/ is older than ${newer.path}`;
}

const problem = distProblem();
if (problem !== undefined) {
  throw new Error(`The bench measures the built package, and ${problem}: run \`npm run build\` first (\`npm run bench\` does).`);
}

export const lib = (await import(pathToFileURL(DIST_INDEX).href)) as typeof import('../src/index.js');
export const dhcp = (await import(pathToFileURL(DIST_DHCP).href)) as typeof import('../src/dhcp/index.js');
export const dhcpv6 = (await import(pathToFileURL(DIST_DHCPV6).href)) as typeof import('../src/dhcpv6/index.js');
