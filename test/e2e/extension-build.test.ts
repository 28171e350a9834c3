import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHROME_MANIFEST_KEY, GECKO_EXTENSION_ID } from '../../extension/extension-identity';
import { BUILT_EXTENSION } from '../support/extension/chromium';

/**
 * What `wxt build` produces (npm test builds before running the suites): least privilege, no
 * remote code, a strict CSP, a small popup, and the Firefox build from the same configuration.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? allFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The JavaScript a page loads at once: its module script and the chunks it preloads. */
function pageScripts(dir: string, page: string): string[] {
  const html = readFileSync(join(dir, page), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => join(dir, m[1] ?? ''));
}

describe('built extension', () => {
  it('Chrome MV3: least privilege, fixed key, strict CSP', () => {
    expect(existsSync(join(BUILT_EXTENSION, 'manifest.json')), 'run npm run build first').toBe(true);
    const manifest = readJson(join(BUILT_EXTENSION, 'manifest.json'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['identity', 'storage', 'activeTab', 'scripting']);
    expect(manifest.host_permissions).toEqual(['http://localhost:3000/*']);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    expect(manifest.key).toBe(CHROME_MANIFEST_KEY);
    expect(manifest).not.toHaveProperty('content_scripts');
    expect(JSON.stringify(manifest)).not.toMatch(/<all_urls>|\*:\/\/\*\//);
    const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe|wasm|http:\/\/\*|\bhttps?:\/\/(?!localhost|127\.0\.0\.1)/);
  });

  it('ships no remote code: every script and stylesheet comes from the package', () => {
    for (const file of allFiles(BUILT_EXTENSION).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(file, 'utf8');
      expect(html).not.toMatch(/<script[^>]+src="(https?:)?\/\//);
      expect(html).not.toMatch(/<link[^>]+href="(https?:)?\/\//);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
    }
    for (const file of allFiles(BUILT_EXTENSION).filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(file, 'utf8');
      expect(js, file).not.toMatch(/importScripts\(\s*["'`]https?:|new Function\(|\beval\(/);
    }
  });

  it('keeps the popup small: its JavaScript, « Mes données » included, is under 50 KB gzipped', () => {
    const scripts = pageScripts(BUILT_EXTENSION, 'popup.html');
    expect(scripts.length).toBeGreaterThan(0);
    // « Mes données » is loaded after the first screen, from a chunk of its own: counted in the budget too.
    const dataView = allFiles(join(BUILT_EXTENSION, 'chunks')).filter((f) => /[\\/]DataScreen-[^\\/]+\.js$/.test(f));
    expect(dataView).toHaveLength(1);
    const size = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
    const first = size(scripts);
    const total = first + size(dataView);
    console.log(`popup JavaScript: ${scripts.length} files, ${(first / 1024).toFixed(1)} KB gzipped at once, ${(total / 1024).toFixed(1)} KB with « Mes données »`);
    expect(total).toBeLessThan(50 * 1024);
  });

  it('the form filler is a file injected on the citizen’s click: declared for no page, not web-accessible, the engine out of the popup', () => {
    const manifest = readJson(join(BUILT_EXTENSION, 'manifest.json'));
    const filler = join(BUILT_EXTENSION, 'form-filler.js');
    expect(existsSync(filler)).toBe(true);
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect(JSON.stringify(manifest)).not.toContain('form-filler');
    expect(readFileSync(filler, 'utf8')).toContain('data-pivot-verify');
    const popup = pageScripts(BUILT_EXTENSION, 'popup.html').map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(popup).not.toContain('data-pivot-verify');
  });

  it('builds for Firefox from the same configuration (npm run build:firefox)', async () => {
    await promisify(execFile)('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, timeout: 120_000 });
    const manifest = readJson(join(ROOT, '.output/firefox-mv2/manifest.json'));
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.browser_specific_settings).toMatchObject({
      gecko: { id: GECKO_EXTENSION_ID, data_collection_permissions: { required: ['personallyIdentifyingInfo', 'authenticationInfo'] } },
    });
    expect(manifest.permissions).toEqual(['identity', 'storage', 'activeTab', 'scripting', 'http://localhost/*']);
    expect(manifest.optional_permissions).toEqual(['https://*/*', 'http://127.0.0.1/*']);
    expect(manifest).not.toHaveProperty('key');
    expect(manifest.background).toMatchObject({ scripts: ['background.js'] });
    expect(typeof manifest.content_security_policy).toBe('string');
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  });
});
