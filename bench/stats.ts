/** Small order statistics for repeated measurements. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]): number => quantile(samples, 0.95);

/** Ratio of a figure to its reference, oriented so that > 1 always means "Pivot does better". */
export function advantage(value: number, reference: number, better: 'higher' | 'lower'): number {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || value === 0 || reference === 0) return Number.NaN;
  return better === 'higher' ? value / reference : reference / value;
}
