/**
 * The --filter given to bench/run.ts, for the modules that measure outside mitata (fresh
 * processes, network namespaces): why a filtered run skips `name`, or undefined to run it.
 */
export function filterSkips(name: string): string | undefined {
  const at = process.argv.indexOf('--filter');
  const filter = at >= 0 ? process.argv[at + 1] : undefined;
  return filter !== undefined && !new RegExp(filter).test(name) ? `--filter ${filter} does not match "${name}"` : undefined;
}
