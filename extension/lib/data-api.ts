/**
 * GET /api/data as the extension reads it: the citizen's data from each source, fetched once by
 * the backend at login (README "What GET /api/data returns"). The answer is parsed card by card: an
 * unknown source or a malformed card becomes an `error` card of its own and never hides the others.
 * Only an answer that is not `{ sources: [...] }` at all (or absurdly long) is refused as a whole.
 */
import * as z from 'zod/mini';
import { DATA_SOURCE_IDS, isDataSourceId, sourceInfo } from './sources';

export { DATA_SOURCE_IDS, isDataSourceId, type DataSourceId } from './sources';

const text = (max: number) => z.string().check(z.maxLength(max));

export const DATA_STATUSES = ['ok', 'not_found', 'not_requested', 'unavailable', 'error'] as const;
export type DataStatus = (typeof DATA_STATUSES)[number];

export const FACT_TYPES = ['text', 'euros', 'number', 'date', 'boolean', 'period'] as const;

/**
 * One value. `date`: AAAA-MM-JJ; `period`: "AAAA-MM-JJ/AAAA-MM-JJ" (either end may be empty);
 * `euros`: a number of euros; null: the provider answered without it. `fillKey`: what a form can use.
 */
export const FactSchema = z.object({
  key: text(100),
  label: text(200),
  value: z.union([text(2000), z.number().check(z.refine(Number.isFinite)), z.boolean(), z.null()]),
  type: z.enum(FACT_TYPES),
  fillKey: z.optional(z.string().check(z.regex(/^[a-z0-9_]{1,60}$/))),
});
export type DataFact = z.infer<typeof FactSchema>;

export const SourceDataSchema = z.object({
  summary: text(1000),
  sections: z.array(z.object({ title: text(200), facts: z.array(FactSchema).check(z.maxLength(200)) })).check(z.maxLength(50)),
});
export type SourceData = z.infer<typeof SourceDataSchema>;

const FetchedAtSchema = z.iso.datetime({ offset: true });

/** One card as the backend sends it. */
const WireCardSchema = z.object({
  id: text(60),
  label: text(200),
  status: z.enum(DATA_STATUSES),
  data: z.optional(SourceDataSchema),
  error: z.optional(text(500)),
  fetchedAt: FetchedAtSchema,
});

/**
 * One card as the extension holds and shows it (and as `data/get` carries it). `id` is a
 * DataSourceId except on cards the extension could not attribute; `data` only with `ok`; `error`
 * (French) with `unavailable` and `error`; `fetchedAt` absent only on a card that could not be read.
 */
export const DataSourceSchema = z.object({
  id: text(60),
  label: text(200),
  status: z.enum(DATA_STATUSES),
  data: z.optional(SourceDataSchema),
  error: z.optional(text(500)),
  fetchedAt: z.optional(text(40)),
});
export type DataSource = z.infer<typeof DataSourceSchema>;

/** The most cards an answer may hold (twelve sources today). */
export const MAX_CARDS = 64;

export const DATA_MESSAGES = {
  unreadable: 'Pivot n’a pas pu lire les données reçues pour cette source.',
  unknownSource: 'Cette version de Pivot ne connaît pas cette source de données.',
  unavailable: 'Le service n’a pas répondu lors de votre connexion.',
  error: 'Le service a refusé de transmettre vos données.',
} as const;

const UNKNOWN_LABEL = 'Source non identifiée';

function unreadableCard(raw: unknown, index: number, message: string): DataSource {
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const rawId = fields.id;
  const label = text(200).safeParse(fields.label);
  const fetchedAt = FetchedAtSchema.safeParse(fields.fetchedAt);
  const id = isDataSourceId(rawId)
    ? rawId
    : typeof rawId === 'string' && /^[a-z0-9_-]{1,60}$/.test(rawId)
      ? rawId
      : `inconnue-${index}`;
  return {
    id,
    label: isDataSourceId(rawId) ? sourceInfo(rawId).label : label.success && label.data.trim() ? label.data : UNKNOWN_LABEL,
    status: 'error',
    error: message,
    ...(fetchedAt.success ? { fetchedAt: fetchedAt.data } : {}),
  };
}

/** One wire card → one displayable card, whatever it holds. */
export function readCard(raw: unknown, index: number): DataSource {
  const parsed = WireCardSchema.safeParse(raw);
  if (!parsed.success) return unreadableCard(raw, index, DATA_MESSAGES.unreadable);
  const card = parsed.data;
  if (!isDataSourceId(card.id)) return unreadableCard(raw, index, DATA_MESSAGES.unknownSource);
  if (card.status === 'ok' && !card.data) return unreadableCard(raw, index, DATA_MESSAGES.unreadable);
  const base = { id: card.id, label: card.label.trim() || sourceInfo(card.id).label, status: card.status, fetchedAt: card.fetchedAt };
  switch (card.status) {
    case 'ok':
      return { ...base, data: card.data };
    case 'unavailable':
    case 'error':
      return { ...base, error: card.error?.trim() || DATA_MESSAGES[card.status] };
    default:
      return base;
  }
}

const ORDER = new Map<string, number>(DATA_SOURCE_IDS.map((id, i) => [id, i]));

/** Cards in the extension's fixed order (unknown ones last, as received); a repeated id keeps its first card. */
export function readCards(raw: readonly unknown[]): DataSource[] {
  const seen = new Set<string>();
  const cards: DataSource[] = [];
  raw.forEach((entry, index) => {
    const card = readCard(entry, index);
    if (seen.has(card.id)) return;
    seen.add(card.id);
    cards.push(card);
  });
  const rank = (card: DataSource) => ORDER.get(card.id) ?? DATA_SOURCE_IDS.length;
  return cards.map((card, i) => ({ card, i })).sort((a, b) => rank(a.card) - rank(b.card) || a.i - b.i).map(({ card }) => card);
}

/** GET /api/data. Parses to `{ sources: DataSource[] }`, in the fixed order. */
export const DataResponseSchema = z.pipe(
  z.object({ sources: z.array(z.unknown()).check(z.maxLength(MAX_CARDS)) }),
  z.transform(({ sources }) => ({ sources: readCards(sources) })),
);
export type DataResponse = z.infer<typeof DataResponseSchema>;
