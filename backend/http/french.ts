/**
 * French typography for everything a citizen reads: a no-break space (U+00A0) before « : » and
 * inside « guillemets », a narrow no-break space (U+202F) before « ; ! ? », and the typographic
 * apostrophe. Source strings stay easy to type; `fr` fixes them once, where they are defined.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/'/g, '’')
    .replace(/[ \u00A0\u202F]*:(?=\s|$)/g, '\u00A0:')
    .replace(/[ \u00A0\u202F]*([;!?])(?=\s|$)/g, '\u202F$1')
    .replace(/«[ \u00A0\u202F]*/g, '«\u00A0')
    .replace(/[ \u00A0\u202F]*»/g, '\u00A0»');
}

/** Template tag: fr`Vous avez annulé : ${x}` with French typography applied to the literal parts. */
export function fr(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => out + frenchTypography(s) + (i < values.length ? String(values[i]) : ''), '');
}
