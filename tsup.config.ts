import { defineConfig } from 'tsup';
import { requireCommonJsOptions } from './scripts/build/requireCommonJs.js';

// The ESM build requires these CommonJS packages rather than importing them, for a faster
// cold start (scripts/build/requireCommonJs.ts); they stay external in both builds. fp-ts
// and io-ts are our peer dependencies; the CLI also has commander and yaml (yaml alone is
// seventy-two files).
const PEERS = ['fp-ts', 'io-ts'];
const CLI_PACKAGES = [...PEERS, 'commander', 'yaml'];

export default defineConfig([
  {
    entry: { index: 'src/index.ts', dhcp: 'src/dhcp/index.ts', dhcpv6: 'src/dhcpv6/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    // import.meta.url (createRequire for the lazily loaded xmlbuilder2) in the CJS build too.
    shims: true,
    ...requireCommonJsOptions(PEERS),
  },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    ...requireCommonJsOptions(CLI_PACKAGES),
  },
]);
