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
   * The data keys (`fillKey`) the fields of the current tab's form would take, as the form filler
   * finds them (`fill/scan` → `dataKeys`); each card then says which of its values that form could
   * use. Absent, or resolving to undefined: nothing is said.
   */
  scanForm?: () => Promise<readonly string[] | undefined>;
  timeZone?: string;
  focusTitle?: boolean;
}

function countSentence(received: number, total: number): string {
  if (received === 0) return `Aucune des ${total} sources n’a transmis de données.`;
  return `${received} ${received > 1 ? 'sources ont' : 'source a'} transmis des données, sur ${total}.`;
}

function useFormKinds(scanForm: DataScreenProps['scanForm']): readonly string[] | undefined {
  const [kinds, setKinds] = useState<readonly string[] | undefined>(undefined);
  useEffect(() => {
    if (!scanForm) return;
    let current = true;
    scanForm().then(
      (found) => current && setKinds(found),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [scanForm]);
  return kinds;
}

/** « Mes données »: one card per source, as the backend read them at login. */
export function DataScreen({ client, scanForm, timeZone, focusTitle }: DataScreenProps) {
  const [reply, setReply] = useState<DataReply | undefined>(undefined);
  const formKinds = useFormKinds(scanForm);

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
          {reply.sources.every((s) => s.status === 'not_requested') ? (
            <Notice type="info">
              Vous n’avez demandé aucune donnée à la connexion. Pour en obtenir, déconnectez-vous, cochez les sources voulues,
              puis reconnectez-vous.
            </Notice>
          ) : (
            <p class="pivot-data-count">{countSentence(reply.sources.filter((s) => s.status === 'ok').length, reply.sources.length)}</p>
          )}
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
