/**
 * `npm run bench`: measures Pivot on this machine, each figure next to a reference measured in the
 * same run, prints a table and writes BENCHMARKS.md and bench/benchmarks.svg. Bounded in time,
 * loopback only; every section stops what it started. Not part of `npm test`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport } from './report';
import { sections } from './sections';
import type { SectionResult } from './types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

async function main(): Promise<void> {
  const results: SectionResult[] = [];
  const started = Date.now();
  for (const section of sections) {
    if (only.length > 0 && !only.includes(section.id)) continue;
    const sectionStart = Date.now();
    console.log(`bench: ${section.title}…`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SectionResult>((resolveTimeout) => {
      timer = setTimeout(
        () => resolveTimeout({ title: section.title, figures: [], skipped: `exceeded its ${section.budgetMs / 1000} s budget` }),
        section.budgetMs,
      );
    });
    try {
      const result = await Promise.race([
        section.run({ root, deadline: sectionStart + section.budgetMs, log: (m) => console.log(`  ${m}`) }),
        timeout,
      ]);
      results.push(result);
    } catch (error) {
      results.push({ title: section.title, figures: [], skipped: `failed: ${(error as Error).message}` });
    } finally {
      clearTimeout(timer);
    }
    console.log(`  done in ${((Date.now() - sectionStart) / 1000).toFixed(1)} s`);
  }
  // A run of some sections only must not replace the full report: it goes to a temporary folder.
  const outDir = only.length > 0 ? mkdtempSync(join(tmpdir(), 'pivot-bench-')) : root;
  const chartFile = only.length > 0 ? 'benchmarks.svg' : 'bench/benchmarks.svg';
  const report = buildReport(root, results, chartFile);
  writeFileSync(join(outDir, 'BENCHMARKS.md'), report.markdown);
  writeFileSync(join(outDir, chartFile), report.chartSvg);
  console.log(`\n${report.table}\n`);
  console.log(`bench: wrote ${join(outDir, 'BENCHMARKS.md')} and ${join(outDir, chartFile)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
