import { defineConfig } from 'vitest/config';

// Interop tests drive real third-party tools (libvirt, QEMU, tshark, scapy, DHCP clients).
// They run one file at a time: several of them build network namespaces and bridges.
export default defineConfig({
  test: {
    include: ['test/interop/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
