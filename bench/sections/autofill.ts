import { runAutofillBench, type AutofillBenchResult } from '../autofill';
import { median } from '../stats';
import type { Figure, Section } from '../types';

function figure(result: AutofillBenchResult): Figure {
  return {
    name: result.name,
    value: result.median,
    unit: 'ms',
    better: 'lower',
    ...(result.reference ? { reference: { name: result.reference.name, value: result.reference.median } } : {}),
    detail: [
      `p95 ${result.p95} ms, min ${result.min} ms over ${result.runs} runs`,
      result.cpuMedian !== undefined ? `main-thread CPU ${result.cpuMedian} ms` : '',
      result.detail ?? '',
    ]
      .filter(Boolean)
      .join('; '),
  };
}

/** Autofill engine: scan and fill in the page's own clock (Chromium), wrapped from bench/autofill.ts. */
export const autofillSection: Section = {
  id: 'autofill',
  title: 'Autofill engine (page clock, headless Chromium)',
  budgetMs: 150_000,
  async run({ log }) {
    const results = await runAutofillBench({ runs: 7, log });
    const isFixture = (r: AutofillBenchResult) => /\.html$/.test(r.name);
    const figures = results.filter((r) => !isFixture(r)).map(figure);
    const fixtures = results.filter(isFixture);
    for (const stage of ['scan', 'fill'] as const) {
      const ofStage = fixtures.filter((r) => r.name.startsWith(`${stage}:`));
      if (ofStage.length === 0) continue;
      const slowest = ofStage.reduce((a, b) => (b.median > a.median ? b : a));
      figures.push({
        name: `${stage}: the ${ofStage.length} fixture forms (median of their medians)`,
        value: median(ofStage.map((r) => r.median)),
        unit: 'ms',
        better: 'lower',
        detail:
          `slowest ${slowest.name.replace(/^\w+: /, '')} at ${slowest.median} ms` +
          (slowest.cpuMedian !== undefined && slowest.median > 2 * slowest.cpuMedian + 10
            ? ` (main-thread CPU ${slowest.cpuMedian} ms: the wall time is mostly the engine waiting for options the page adds later)`
            : ''),
      });
    }
    return {
      title: this.title,
      figures,
      notes: [
        'Nothing of Pivot runs on a page before the citizen clicks: these costs are paid once per click, never on page load or on DOM changes.',
      ],
    };
  },
};
