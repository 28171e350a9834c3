import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * pivot.css is appended to by several features; a merge once dropped a closing brace, which the
 * bundler accepted while every rule after it silently stopped applying.
 */
describe('pivot.css', () => {
  it('closes every block it opens, in order', () => {
    const css = readFileSync(resolve(import.meta.dirname, '../../../extension/ui/styles/pivot.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    let depth = 0;
    for (const char of css) {
      if (char === '{') depth++;
      if (char === '}') depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
      expect(depth).toBeLessThanOrEqual(1);
    }
    expect(depth).toBe(0);
  });
});
