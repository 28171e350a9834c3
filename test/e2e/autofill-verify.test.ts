/**
 * verify() for agents, on back-office pages: every identity datum shown (as text or in inputs) is
 * compared with the certified claims and marked match/mismatch, visibly; other people's data and
 * data FranceConnect does not certify are left unmarked; clearVerification() removes every mark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CITIZENS } from '../fixtures/citizens';
import { callEngine, injectEngine, launchChromium, serveFixtures, type FixtureServer } from '../support/autofill-harness';
import type { VerifyReport } from '../../extension/autofill';

const PAGES = ['backoffice-dossier-liste.html', 'backoffice-dossier-tableau.html', 'backoffice-formulaire-agent.html', 'backoffice-ne-etranger.html'];

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

interface Marked { where: string; expected: string | null; actual: string | null; outline: string; text: string }

const READ_MARKS = `(() => Array.from(document.querySelectorAll('[data-expect-verify], [data-pivot-verify]')).map((el) => ({
  where: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
  expected: el.getAttribute('data-expect-verify'),
  actual: el.getAttribute('data-pivot-verify'),
  outline: getComputedStyle(el).outlineStyle,
  text: (el.value ?? el.textContent).trim().slice(0, 40),
})))()`;

async function open(name: string): Promise<{ page: Page; claims: unknown }> {
  const page = await browser.newPage();
  await page.goto(`${server.url}/forms/${name}`, { waitUntil: 'load' });
  const id = await page.getAttribute('body', 'data-citizen');
  const citizen = CITIZENS.find((c) => c.id === id);
  if (!citizen) throw new Error(`${name}: unknown data-citizen ${id}`);
  await injectEngine(page, server);
  return { page, claims: citizen.claims };
}

describe.each(PAGES)('%s', (name) => {
  it('marks each displayed datum match or mismatch as a careful agent would, and nothing else', async () => {
    const { page, claims } = await open(name);
    const report = await callEngine<VerifyReport>(page, 'verify', claims);
    const marks = (await page.evaluate(READ_MARKS)) as Marked[];
    const wrong = marks.filter((m) => m.expected !== m.actual);
    expect(wrong, JSON.stringify(report.entries.map((e) => [e.label, e.displayed, e.result, e.note]))).toEqual([]);
    expect(report.entries).toHaveLength(marks.length);
    expect(report.matches + report.mismatches).toBe(report.entries.length);
    for (const m of marks) expect(m.outline, `${m.where} is highlighted`).not.toBe('none');
    await page.close();
  });

  it('clearVerification() removes every mark and highlight', async () => {
    const { page, claims } = await open(name);
    const styleBefore = await page.evaluate(`Array.from(document.querySelectorAll('[data-expect-verify]')).map((el) => el.getAttribute('style') + '|' + el.getAttribute('title'))`);
    await callEngine(page, 'verify', claims);
    await page.evaluate('window.pivotAutofill.clearVerification()');
    expect(await page.evaluate(`document.querySelectorAll('[data-pivot-verify]').length`)).toBe(0);
    expect(await page.evaluate(`Array.from(document.querySelectorAll('[data-expect-verify]')).map((el) => el.getAttribute('style') + '|' + el.getAttribute('title'))`)).toEqual(styleBefore);
    await page.close();
  });
});
