/**
 * An esbuild plugin for the ESM build: the CommonJS packages we leave external (fp-ts and
 * io-ts, our peer dependencies; the CLI's commander and yaml) are loaded with `require`,
 * through `createRequire(import.meta.url)`, instead of `import`.
 *
 * Why: when an ES module imports a CommonJS one, Node 20's ESM loader reads and lexes the
 * source of that module and of every module it requires, to find their named exports. For
 * fp-ts/lib/Either and io-ts that is twelve files, and it doubled what loading them costs
 * in a cold start (docs/performance.md, "Cold start, sixth round"). The packages are
 * resolved from our dist/ by Node's own `require` resolution: the same files an `import`
 * found (fp-ts and io-ts have no exports map), so a caller and this package still share
 * one fp-ts and one io-ts.
 *
 * Each such import becomes a small module that requires the package and re-exports the
 * names it has at build time (read here, by requiring it once). Reserved words such as
 * fp-ts's `let` are legal as export names.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Options } from 'tsup';

/** esbuild's plugin type, as tsup takes it (esbuild is tsup's dependency, not ours). */
type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const NAMESPACE = 'require-commonjs';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The ES module text that stands in for `specifier`: require it, re-export its names. */
export function requireShim(specifier: string, exportNames: readonly string[]): string {
  const names = exportNames.filter((name) => IDENTIFIER.test(name) && name !== 'default' && name !== '__esModule');
  const locals = names.map((name, i) => `const v${i} = m[${JSON.stringify(name)}];`);
  const exported = names.map((name, i) => `v${i} as ${name}`);
  return [
    "import { createRequire } from 'node:module';",
    `const m = createRequire(import.meta.url)(${JSON.stringify(specifier)});`,
    ...locals,
    `export { ${exported.join(', ')} };`,
    'export default m;',
    '',
  ].join('\n');
}

/**
 * The plugin, for the packages named and their subpaths: the shim in format `esm`, an
 * ordinary external in `cjs`. Use it through requireCommonJsOptions.
 */
export function requireCommonJs(packages: readonly string[], projectRoot = process.cwd()): Plugin {
  const escaped = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const filter = new RegExp(`^(${escaped.join('|')})(/.*)?$`);
  const requireFromRoot = createRequire(resolve(projectRoot, 'package.json'));
  return {
    name: 'require-commonjs',
    setup(build) {
      if (build.initialOptions.format !== 'esm') {
        build.onResolve({ filter }, (args) => ({ path: args.path, external: true }));
        return;
      }
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const loaded = requireFromRoot(args.path) as Record<string, unknown>;
        return { contents: requireShim(args.path, Object.keys(loaded)), loader: 'js', resolveDir: projectRoot };
      });
    },
  };
}

/**
 * The tsup options that make the plugin work: the packages in `noExternal` (else tsup marks
 * them external first and the plugin never sees them) and the plugin itself, always together.
 */
export function requireCommonJsOptions(packages: readonly string[]): Pick<Options, 'noExternal' | 'esbuildPlugins'> {
  return { noExternal: [...packages], esbuildPlugins: [requireCommonJs(packages)] };
}
