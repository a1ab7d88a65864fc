import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The import rule of src/ (README, "Source layout"): a module reaches only down the flow,
 * never sideways. Each entry forbids, for the files of one folder, the folders it must not
 * import; the compositions (src/*.ts) may import every module but the CLI.
 */
const MODULES = ['k8s', 'net', 'vmispec', 'pod', 'domain', 'dhcp', 'dhcpv6', 'masquerade', 'cli'];
const MAY_IMPORT = {
  k8s: [],
  net: [],
  vmispec: ['k8s', 'net'],
  pod: ['k8s', 'net'],
  domain: ['k8s', 'net', 'vmispec', 'pod'],
  dhcp: ['net'],
  dhcpv6: ['net', 'dhcp'],
  masquerade: ['k8s', 'net', 'pod', 'dhcp'],
};
/**
 * Of these allowed folders a module may import only the wire codec (`<folder>/codec/`):
 * DHCPv6 shares DHCPv4's byte primitives and shape codecs, never its responder or server.
 */
const CODEC_ONLY = { dhcpv6: ['dhcp'] };

const layering = Object.entries(MAY_IMPORT).map(([folder, allowed]) => {
  const forbidden = MODULES.filter((m) => m !== folder && !allowed.includes(m));
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...forbidden.map((m) => `../${m}/*`), ...(CODEC_ONLY[folder] ?? []).map((m) => `../${m}/*.js`), '../*.js'],
              message: `src/${folder}/ may import only ${allowed.length === 0 ? 'itself' : allowed.map((m) => ((CODEC_ONLY[folder] ?? []).includes(m) ? `src/${m}/codec/` : `src/${m}/`)).join(', ')} (README, "Source layout").`,
            },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/api/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layering,
  {
    files: ['src/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['./cli/*'], message: 'only the CLI may import the CLI (README, "Source layout").' }] }],
    },
  },
);
