/** Latency samples and the figures reported from them. */

export interface LatencySummary {
  readonly count: number;
  /** Microseconds. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** A fixed-capacity store of samples (µs): no allocation per sample on the measuring path. */
export interface Samples {
  readonly add: (value: number) => void;
  readonly summary: () => LatencySummary;
}

export function samples(capacity: number): Samples {
  const values = new Float64Array(capacity);
  let count = 0;
  return {
    add: (value) => {
      if (count < capacity) values[count++] = value;
    },
    summary: () => {
      const sorted = values.slice(0, count).sort();
      return {
        count,
        p50: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        p99: quantile(sorted, 0.99),
        max: count === 0 ? Number.NaN : (sorted[count - 1] as number),
      };
    },
  };
}

/** Nearest-rank quantile of sorted values; NaN when there are none. */
export function quantile(sorted: Float64Array | readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? (finite[mid] as number) : ((finite[mid - 1] as number) + (finite[mid] as number)) / 2;
}
