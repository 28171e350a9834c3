import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DataClient } from '../lib/data-client';
import type { DataReply } from '../lib/data-messages';
import { fillableLabels } from '../lib/format-data';
import { Notice } from './Notice';
import { Screen } from './Screen';
import { SourceCard } from './SourceCard';

interface DataScreenProps {
  client: DataClient;
  /**
   * Field kinds the form filler recognised on the current tab (`fill/scan`), to say on each card
   * which fields of that form it could fill; undefined when unknown (nothing is said then).
   */
  formKinds?: readonly string[];
  timeZone?: string;
  focusTitle?: boolean;
}

function countSentence(received: number, total: number): string {
  if (received === 0) return `Aucune des ${total} sources n’a transmis de données.`;
  return `${received} ${received > 1 ? 'sources ont' : 'source a'} transmis des données, sur ${total}.`;
}

/** « Mes données »: one card per source, as the backend read them at login. */
export function DataScreen({ client, formKinds, timeZone, focusTitle }: DataScreenProps) {
  const [reply, setReply] = useState<DataReply | undefined>(undefined);

  const load = useCallback(() => {
    let current = true;
    setReply(undefined);
    void client.get().then((answer) => current && setReply(answer));
    return () => {
      current = false;
    };
  }, [client]);
  useEffect(load, [load]);

  return (
    <Screen title="Mes données" focusTitle={focusTitle}>
      <p class="pivot-data-intro">
        Ce que chaque service a transmis à Pivot lors de votre connexion. Ces données s’effacent quand vous vous déconnectez.
      </p>
      {!reply && <p aria-busy="true">Chargement de vos données…</p>}
      {reply && !reply.ok && (
        <>
          <Notice type="error">{reply.error.message}</Notice>
          <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm" onClick={load}>
            Réessayer
          </button>
        </>
      )}
      {reply?.ok && reply.sources.length === 0 && <p>Ce serveur Pivot ne propose aucune source de données.</p>}
      {reply?.ok && reply.sources.length > 0 && (
        <>
          <p class="pivot-data-count">{countSentence(reply.sources.filter((s) => s.status === 'ok').length, reply.sources.length)}</p>
          <ul class="pivot-sources">
            {reply.sources.map((source) => (
              <li key={source.id}>
                <SourceCard source={source} timeZone={timeZone} fillableFields={formKinds ? fillableLabels(source, formKinds) : undefined} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Screen>
  );
}
