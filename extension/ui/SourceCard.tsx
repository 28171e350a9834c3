import type { DataSource } from '../lib/data-api';
import { fillableSentence, formatFactValue, formatFetchedAt, STATUS_LABELS } from '../lib/format-data';

interface SourceCardProps {
  source: DataSource;
  /** Labels of this source's values that fields of the current form could take; nothing shown when absent or empty. */
  fillableFields?: readonly string[];
  timeZone?: string;
}

const BADGES: Record<DataSource['status'], string> = {
  ok: 'fr-badge--success',
  not_found: 'fr-badge--info',
  not_requested: '',
  unavailable: 'fr-badge--warning',
  error: 'fr-badge--error',
};

const RETRY = 'Reconnectez-vous pour réessayer.';

function StatusText({ source }: { source: DataSource }) {
  switch (source.status) {
    case 'ok':
      return null;
    case 'not_found':
      return <p>Ce service n’a pas de dossier à votre nom.</p>;
    case 'not_requested':
      return <p>Vous n’avez pas demandé cette source à la connexion. Pour l’ajouter, déconnectez-vous, cochez-la, puis reconnectez-vous.</p>;
    case 'unavailable':
    case 'error':
      return (
        <>
          <p>{source.error}</p>
          {/* FranceConnect's access token lasts 60 s and the data is read at login: only a new login reads it again. */}
          <p>{RETRY}</p>
        </>
      );
  }
}

/** One data source in « Mes données »: its name, its status, its values in French, and when it was read. */
export function SourceCard({ source, fillableFields, timeZone }: SourceCardProps) {
  const titleId = `source-${source.id}`;
  // A source not requested was not fetched: no time to give.
  const fetched = source.status === 'not_requested' ? undefined : formatFetchedAt(source.fetchedAt, timeZone);
  return (
    <article class={`pivot-source pivot-source--${source.status}`} aria-labelledby={titleId} data-source={source.id}>
      <div class="pivot-source__head">
        <h2 id={titleId} class="pivot-source__title">
          {source.label}
        </h2>
        <p class={`fr-badge fr-badge--sm fr-badge--no-icon ${BADGES[source.status]}`}>{STATUS_LABELS[source.status]}</p>
      </div>
      {source.data && (
        <>
          <p class="pivot-source__summary">{source.data.summary}</p>
          {source.data.sections.length > 0 && (
            <details class="pivot-source__details">
              <summary>Voir le détail</summary>
              {source.data.sections.map((section, i) => (
                <section key={i} class="pivot-source__section">
                  <h3>{section.title}</h3>
                  <dl class="pivot-facts">
                    {section.facts.map((fact) => (
                      <div key={fact.key}>
                        <dt>{fact.label}</dt>
                        <dd>{formatFactValue(fact)}</dd>
                      </div>
                    ))}
                  </dl>
                </section>
              ))}
            </details>
          )}
        </>
      )}
      <StatusText source={source} />
      {fillableFields && fillableFields.length > 0 && <p class="pivot-source__fill">{fillableSentence(fillableFields)}</p>}
      {fetched && <p class="pivot-source__time">{fetched}</p>}
    </article>
  );
}
