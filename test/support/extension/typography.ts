import { expect } from 'vitest';

/**
 * French typography of what a person reads: a no-break space (U+00A0 or U+202F) before « : ; ! ? »
 * and inside « », the apostrophe ’ rather than ', no straight double quotes. URLs (http://…) are
 * exempt: their colon is not punctuation.
 */
export function frenchTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  const withoutUrls = text.replace(/\bhttps?:\/\/\S+/g, 'URL');
  for (const match of withoutUrls.matchAll(/(.{0,15})([ \t\n]+)([:;!?»])/g)) problems.push(`ordinary space before « ${match[3]} » in “${match[0]}”`);
  for (const match of withoutUrls.matchAll(/([^\s\u00a0\u202f(]{1,15})([:;!?])(\s|$)/g)) {
    if (!/\d$/.test(match[1] ?? '')) problems.push(`no space before « ${match[2]} » in “${match[0]}”`);
  }
  for (const match of withoutUrls.matchAll(/«[ \t\n]?\S/g)) if (!/«[\u00a0\u202f]/.test(match[0])) problems.push(`« without a no-break space: “${match[0]}”`);
  if (withoutUrls.includes("'")) problems.push(`straight apostrophe in “${withoutUrls.slice(Math.max(0, withoutUrls.indexOf("'") - 15), withoutUrls.indexOf("'") + 15)}”`);
  if (withoutUrls.includes('"')) problems.push('straight double quote');
  return problems;
}

/** Checks the visible text and the texts read by screen readers (title, aria-label) of an element. */
export function expectFrenchTypography(element: Element): void {
  const texts = [element.textContent ?? ''];
  for (const node of element.querySelectorAll('[title], [aria-label], [placeholder]')) {
    for (const attribute of ['title', 'aria-label', 'placeholder']) {
      const value = node.getAttribute(attribute);
      if (value) texts.push(value);
    }
  }
  expect(texts.flatMap(frenchTypographyProblems)).toEqual([]);
}
