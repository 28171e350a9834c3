/** One measured figure, shown next to the reference measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run (these machines are noisy: the ratio is what holds). */
  reference?: { name: string; value: number };
  /** Higher is better (throughput) or lower is better (latency, size). */
  better: 'higher' | 'lower';
  detail?: string;
}

export interface SectionResult {
  title: string;
  figures: Figure[];
  /** Why a section produced no figures (a part that has not landed, a missing tool). */
  skipped?: string;
  notes?: string[];
}

export interface BenchContext {
  /** Absolute path of the repository root. */
  root: string;
  /** Wall-clock budget left for this section, in milliseconds. */
  deadline: number;
  log(message: string): void;
}

export interface Section {
  id: string;
  title: string;
  /** Upper bound this section may take, in milliseconds. */
  budgetMs: number;
  run(ctx: BenchContext): Promise<SectionResult>;
}
