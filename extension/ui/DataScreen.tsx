import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
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

type FormCheck = { state: 'idle' | 'checking' | 'unavailable' } | { state: 'done'; kinds: readonly string[] };

/**
 * Looking at the current tab's form injects the form filler in it, so it happens only when the
 * citizen asks (a button), never just because « Mes données » was opened.
 */
function useFormCheck(scanForm: DataScreenProps['scanForm']): [FormCheck, () => void] {
  const [check, setCheck] = useState<FormCheck>({ state: 'idle' });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = useCallback(() => {
    if (!scanForm) return;
    setCheck({ state: 'checking' });
    scanForm().then(
      (kinds) => mounted.current && setCheck(kinds ? { state: 'done', kinds } : { state: 'unavailable' }),
      () => mounted.current && setCheck({ state: 'unavailable' }),
    );
  }, [scanForm]);
  return [check, run];
}

/** « Mes données »: one card per source, as the backend read them at login. */
export function DataScreen({ client, scanForm, timeZone, focusTitle }: DataScreenProps) {
  const [reply, setReply] = useState<DataReply | undefined>(undefined);
  const [formCheck, checkForm] = useFormCheck(scanForm);
  const formKinds = formCheck.state === 'done' ? formCheck.kinds : undefined;

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
          {scanForm && reply.sources.some((s) => s.status === 'ok') && (
            <div class="pivot-form-check">
              <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm" onClick={checkForm} disabled={formCheck.state === 'checking'}>
                Voir ce que ces données peuvent remplir dans la page ouverte
              </button>
              <p class="pivot-form-check__status" aria-live="polite">
                {formCheck.state === 'checking' && 'Lecture du formulaire de la page…'}
                {formCheck.state === 'unavailable' && 'Pivot ne peut pas lire de formulaire dans cette page.'}
                {formCheck.state === 'done' &&
                  (reply.sources.some((s) => fillableLabels(s, formCheck.kinds).length > 0)
                    ? 'Les sources concernées l’indiquent ci-dessous. Rien n’a été écrit dans la page.'
                    : 'Aucun champ de ce formulaire ne correspond à vos données. Rien n’a été écrit dans la page.')}
              </p>
            </div>
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
