/** What bench/run.ts needs from a bench module. */
export interface BenchModule {
  /** Shown above the module's report. */
  readonly title: string;
  /** Declares the module's mitata benchmarks (bench(...) calls); run.ts runs them all. */
  readonly register: () => void;
  /** Prints the module's summary from the median time (ns) of every benchmark, by name. */
  readonly report: (medians: ReadonlyMap<string, number>) => void;
}
