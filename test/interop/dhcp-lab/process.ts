/**
 * The lab's child processes are the harnesses' shared ones (test/support/process.ts). This
 * module only keeps the old import path working for the apiserver interop test
 * (test/interop/apiserver*), which imports it; new code imports test/support directly.
 */
export * from '../../support/process.js';
