import type { Figure } from './types';

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A horizontal bar chart, one pair of bars per figure that has a reference: Pivot's value and the
 * reference, each scaled to the larger of the two (units differ between figures, so each pair is
 * read on its own scale; the numbers are printed on the bars).
 */
export function comparisonChart(figures: readonly Figure[], title: string): string {
  const pairs = figures.filter((f) => f.reference && Number.isFinite(f.value) && Number.isFinite(f.reference.value));
  const width = 900;
  const left = 16;
  // Each figure: its name on a line of its own, then Pivot's bar and the reference's, each followed
  // by its value (and, for the reference, what it is), so long names never run into the bars.
  const barArea = width - left - 380;
  const rowHeight = 66;
  const top = 48;
  const height = top + pairs.length * rowHeight + 16;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${left}" y="26" font-size="16" font-weight="bold" fill="#161616">${escapeXml(title)}</text>`,
    `<rect x="${width - 250}" y="14" width="12" height="12" fill="#000091"/><text x="${width - 232}" y="24" fill="#161616">Pivot</text>`,
    `<rect x="${width - 170}" y="14" width="12" height="12" fill="#929292"/><text x="${width - 152}" y="24" fill="#161616">reference</text>`,
  ];
  pairs.forEach((figure, index) => {
    const reference = figure.reference!;
    const scale = Math.max(figure.value, reference.value) || 1;
    const y = top + index * rowHeight;
    const bar = (value: number, offset: number, colour: string, label: string, note?: string) => {
      const length = Math.max(1, (value / scale) * barArea);
      parts.push(`<rect x="${left}" y="${y + offset}" width="${length.toFixed(1)}" height="16" fill="${colour}"/>`);
      parts.push(
        `<text x="${left + length + 6}" y="${y + offset + 12}" fill="#161616">${escapeXml(label)}` +
          (note ? `<tspan fill="#666666" font-size="11">  ${escapeXml(note)}</tspan>` : '') +
          '</text>',
      );
    };
    parts.push(`<text x="${left}" y="${y + 12}" font-weight="bold" fill="#161616">${escapeXml(figure.name)}</text>`);
    bar(figure.value, 18, '#000091', `${formatNumber(figure.value)} ${figure.unit}`);
    bar(reference.value, 38, '#929292', `${formatNumber(reference.value)} ${figure.unit}`, reference.name);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
