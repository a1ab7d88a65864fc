import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The import rule of src/ (README, "Source layout"): a module reaches only down the flow,
 * never sideways. Each entry forbids, for the files of one folder, the folders it must not
 * import; the compositions (src/*.ts) may import every module but the CLI.
 */
const MODULES = ['k8s', 'net', 'vmispec', 'pod', 'domain', 'dhcp', 'masquerade', 'cli'];
const MAY_IMPORT = {
  k8s: [],
  net: [],
  vmispec: ['k8s', 'net'],
  pod: ['k8s', 'net'],
  domain: ['k8s', 'net', 'vmispec', 'pod'],
  dhcp: ['net'],
  masquerade: ['k8s', 'net', 'pod', 'dhcp'],
};

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
              group: [...forbidden.map((m) => `../${m}/*`), '../*.js'],
              message: `src/${folder}/ may import only ${allowed.length === 0 ? 'itself' : allowed.map((m) => `src/${m}/`).join(', ')} (README, "Source layout").`,
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
