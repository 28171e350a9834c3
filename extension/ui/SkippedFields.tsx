import type { SkipGroup } from '../lib/fill-messages';

/** Fields left alone, grouped by reason, folded away so the list to check stays short. */
export function SkippedFields({ groups, summary }: { groups: SkipGroup[]; summary: string }) {
  if (groups.length === 0) return null;
  const total = groups.reduce((n, g) => n + g.labels.length, 0);
  return (
    <details class="pivot-skipped">
      <summary>
        {summary} ({total})
      </summary>
      <ul>
        {groups.map((g) => (
          <li key={g.reason}>
            <strong>{g.reason}</strong>&nbsp;: {g.labels.join(', ')}
          </li>
        ))}
      </ul>
    </details>
  );
}
