/**
 * The standalone engine (dist/pivot-autofill.js) on every fixture form, for every test citizen:
 * each field must hold exactly its expected value after fill() — including the many that must stay
 * empty — and undo() must put every field back as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CITIZENS, renderExpect } from '../fixtures/citizens';
import { callEngine, fillFixtures, injectEngine, launchChromium, readFields, serveFixtures, uncheckedControls, type FixtureServer } from '../support/autofill-harness';
import type { FillReport, ScanResult } from '../../extension/autofill';

const fixtures = await fillFixtures();

let server: FixtureServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveFixtures();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(fixture: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/forms/${fixture}`, { waitUntil: 'load' });
  // What the user already typed before asking Pivot to fill.
  for (const f of await readFields(page)) {
    if (f.userTypes) await page.locator(f.selector).pressSequentially(f.userTypes);
  }
  await injectEngine(page, server);
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

describe('fixture forms', () => {
  it('there are at least a dozen, and every control in them states its expected value', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    for (const fixture of fixtures) {
      const page = await browser.newPage();
      await page.goto(`${server.url}/forms/${fixture}`, { waitUntil: 'load' });
      expect(await uncheckedControls(page), fixture).toEqual([]);
      await page.close();
    }
  });
});

describe.each(fixtures)('%s', (fixture) => {
  it('fills nothing that must stay empty for every citizen, and announces in scan() what it fills', async () => {
    const page = await open(fixture);
    const scan = await callEngine<ScanResult>(page, 'scan');
    expect(scan.fields.length).toBeGreaterThan(0);
    const constantEmpty = new Set((await readFields(page)).filter((f) => f.expect === '').map((f) => f.where));
    // Ids are opaque: compare through plan(), which names the same ids, against the DOM by filling nothing.
    const plan = await callEngine<{ items: { id: string }[] }>(page, 'plan', CITIZENS[0]!.claims, { only: [] });
    expect(plan.items).toEqual([]);
    const fill = await callEngine<FillReport>(page, 'fill', CITIZENS[0]!.claims);
    // Everything filled was announced by scan(), except fields revealed by an earlier choice (hidden at scan time).
    const scanned = new Set(scan.fields.map((f) => f.id));
    const hiddenAtScan = new Set(scan.ignored.filter((f) => f.reason === 'hidden').map((f) => f.id));
    for (const f of fill.filled) expect(scanned.has(f.id) || hiddenAtScan.has(f.id), `${fixture}: filled ${f.kind} was not in scan()`).toBe(true);
    for (const f of await readFields(page)) {
      if (constantEmpty.has(f.where)) expect(f.actual, `${fixture}: ${f.where} must stay empty`).toBe('');
    }
    await page.close();
  });

  it.each(CITIZENS.map((c) => [c.id, c] as const))('fills every field as expected for %s, and undo() restores them', async (_id, citizen) => {
    const page = await open(fixture);
    const before = await readFields(page);
    const report = await callEngine<FillReport>(page, 'fill', citizen.claims, citizen.data ? { data: citizen.data } : {});
    const after = await readFields(page);
    const wrong = after
      .map((f) => ({ where: f.where, expected: renderExpect(f.expect, citizen), actual: f.actual }))
      .filter((f) => f.expected !== f.actual);
    expect(wrong, `${fixture} for ${citizen.id}; report: ${JSON.stringify(report.skipped.map((s) => [s.label, s.reason]))}`).toEqual([]);
    expect(report.filled.length).toBeGreaterThan(0);
    // Nothing written that the report does not mention.
    const changed = after.filter((f, i) => f.actual !== before[i]!.actual).length;
    expect(changed).toBeGreaterThan(0);

    await callEngine(page, 'undo');
    const restored = await readFields(page);
    expect(restored.map((f) => [f.where, f.actual])).toEqual(before.map((f) => [f.where, f.actual]));
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });
});
