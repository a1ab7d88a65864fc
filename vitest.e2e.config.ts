import { defineConfig } from 'vitest/config';

// End-to-end: real guests under libvirt + QEMU, inside network namespaces the suite creates.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 420_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
