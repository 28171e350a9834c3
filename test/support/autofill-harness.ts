/**
 * End-to-end harness for the autofill engine: serves the fixture forms and the built
 * dist/pivot-autofill.js on loopback, drives Debian's Chromium with playwright-core, and reads
 * every field's expected value (`data-expect`) and actual value, through shadow roots and
 * same-origin iframes.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FORMS_DIR = join(ROOT, 'test/fixtures/forms');
export const BUNDLE = join(ROOT, 'dist/pivot-autofill.js');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

export interface FixtureServer { url: string; close(): Promise<void> }

/** Serves /forms/* from test/fixtures/forms and /pivot-autofill.js from dist/, on 127.0.0.1 and an ephemeral port. */
export async function serveFixtures(extra: Record<string, string> = {}): Promise<FixtureServer> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file: string | undefined;
    if (path === '/pivot-autofill.js') file = BUNDLE;
    else if (path.startsWith('/forms/')) file = normalize(join(FORMS_DIR, path.slice('/forms/'.length)));
    if (path in extra) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(extra[path]);
      return;
    }
    if (!file || !file.startsWith(FORMS_DIR) && file !== BUNDLE || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': file === BUNDLE ? 'max-age=600' : 'no-store' });
    res.end(await readFile(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** Loads dist/pivot-autofill.js into the page, as a user script or a content script would evaluate it. */
export async function injectEngine(page: Page, server: FixtureServer): Promise<void> {
  await page.addScriptTag({ url: `${server.url}/pivot-autofill.js` });
}

export interface FieldState {
  /** A readable handle: frame path, tag, name or id. */
  where: string;
  expect: string;
  actual: string;
  userTypes?: string;
  selector: string;
}

// Runs in the page; written as a string so that no test-side transform touches it.
const READ_FIELDS = `(() => {
  const out = [];
  const visit = (root, path) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.hasAttribute('data-expect')) {
        const tag = el.tagName.toLowerCase();
        const actual = el.type === 'radio' || el.type === 'checkbox' ? (el.checked ? 'checked' : '') : el.value;
        const key = el.id ? '#' + el.id : '[name="' + (el.getAttribute('name') || '') + '"]' + (el.type === 'radio' ? '[value="' + el.value + '"]' : '');
        out.push({ where: path + tag + key, expect: el.getAttribute('data-expect'), actual, userTypes: el.getAttribute('data-user-types') || undefined, selector: key });
      }
      if (el.shadowRoot) visit(el.shadowRoot, path + el.tagName.toLowerCase() + '::shadow ');
      if (el.tagName === 'IFRAME') {
        let doc = null;
        try { doc = el.contentDocument; } catch (e) { doc = null; }
        if (doc) visit(doc, path + 'iframe ');
      }
    }
  };
  visit(document, '');
  return out;
})()`;

export function readFields(page: Page): Promise<FieldState[]> {
  return page.evaluate(READ_FIELDS) as Promise<FieldState[]>;
}

/** Every form control of the page (top document, shadow roots, iframes) that has no data-expect. */
export function uncheckedControls(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && !['hidden', 'submit', 'button'].includes(el.type) && !el.hasAttribute('data-expect')) out.push(el.outerHTML.slice(0, 120));
        if (el.shadowRoot) visit(el.shadowRoot);
        if (el.tagName === 'IFRAME' && el.contentDocument) visit(el.contentDocument);
      }
    };
    visit(document);
    return out;
  })()`) as Promise<string[]>;
}

/** Calls a pivotAutofill method in the page (arguments are JSON). */
export function callEngine<T>(page: Page, method: 'scan' | 'plan' | 'fill' | 'verify' | 'undo', ...args: unknown[]): Promise<T> {
  return page.evaluate(`window.pivotAutofill.${method}(...${JSON.stringify(args)})`) as Promise<T>;
}

/** Fill fixtures: every *.html in test/fixtures/forms except iframe parts (*-inner.html) and agent pages (backoffice-*). */
export async function fillFixtures(): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(FORMS_DIR)).filter((f) => f.endsWith('.html') && !f.endsWith('-inner.html') && !f.startsWith('backoffice-')).sort();
}
