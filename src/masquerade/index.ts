/**
 * The masquerade binding's pod plumbing, as plain data, for callers that import the module
 * rather than the package entry. Everything plumbing.ts exports is public, so nothing is
 * listed twice here.
 */
export * from './plumbing.js';
