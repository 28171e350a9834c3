import { useState } from 'preact/hooks';
import type { FillClient } from '../lib/fill-client';
import type { VerificationEntry } from '../lib/fill-messages';
import type { Me } from '../lib/messages';
import { Notice } from './Notice';
import { Screen } from './Screen';

interface AgentScreenProps {
  client: FillClient;
  me: Me;
  /** « Terminer la vérification »: the popup sends `agent/finish` and shows the logout. */
  onFinish: (tabId: number | undefined) => void;
  focusTitle?: boolean;
}

type Result = { entries: VerificationEntry[]; unchecked: number } | { error: string } | undefined;

/**
 * Agent mode: a citizen logged in on an agent's browser. Pivot compares what the agent's page shows
 * with the certified identity, highlights each datum on the page, lists them here, and
 * « Terminer la vérification » logs the citizen out and wipes everything.
 */
export function AgentScreen({ client, me, onFinish, focusTitle }: AgentScreenProps) {
  const [result, setResult] = useState<Result>(undefined);
  const [busy, setBusy] = useState(false);
  const [tabId, setTabId] = useState<number | undefined>(undefined);

  async function verify() {
    setBusy(true);
    const tab = tabId ?? (await client.targetTab());
    setTabId(tab);
    if (tab === undefined) {
      setResult({ error: 'Pivot ne trouve pas l’onglet du dossier à vérifier.' });
    } else {
      const reply = await client.send({ type: 'agent/verify', tabId: tab });
      setResult(reply.ok ? { entries: reply.entries, unchecked: reply.unchecked } : { error: reply.error.message });
    }
    setBusy(false);
  }

  const name = `${me.identity.given_name_array?.join(' ') || me.identity.given_name} ${me.identity.family_name}`;
  const mismatches = result && 'entries' in result ? result.entries.filter((e) => e.result === 'mismatch').length : 0;
  return (
    <Screen title="Vérification d’identité" focusTitle={focusTitle}>
      <p class="fr-text--sm">
        Identité certifiée par FranceConnect de <strong>{name}</strong>. Ouvrez le dossier à vérifier dans l’onglet actif, puis comparez.
      </p>
      {result && 'error' in result && <Notice type="error">{result.error}</Notice>}
      {result && 'entries' in result && result.entries.length === 0 && (
        <Notice type="info">Aucune donnée d’identité reconnue sur cette page.</Notice>
      )}
      {result && 'entries' in result && result.entries.length > 0 && (
        <>
          <Notice type={mismatches ? 'warning' : 'success'}>
            {mismatches === 0
              ? 'Toutes les données affichées concordent avec l’identité certifiée.'
              : `${mismatches}\u00a0donnée${mismatches > 1 ? 's ne concordent' : ' ne concorde'} pas avec l’identité certifiée.`}
          </Notice>
          <ul class="pivot-verify" aria-label="Résultat de la comparaison">
            {result.entries.map((e, i) => (
              <li key={i} class={`pivot-verify__item pivot-verify__item--${e.result}`}>
                <span class="pivot-verify__label">{e.label}</span>
                <span class={`fr-badge fr-badge--sm fr-badge--no-icon ${e.result === 'match' ? 'fr-badge--success' : 'fr-badge--error'}`}>
                  {e.result === 'match' ? 'Concorde' : 'Ne concorde pas'}
                </span>
                <span class="pivot-verify__values">
                  Sur la page&nbsp;: {e.displayed}
                  {e.result === 'mismatch' && e.certified && (
                    <>
                      <br />
                      Certifié&nbsp;: {e.certified}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="pivot-actions">
        <button type="button" class="fr-btn" disabled={busy} onClick={() => void verify()}>
          {result ? 'Comparer à nouveau' : 'Comparer avec la page'}
        </button>
        <button type="button" class="fr-btn fr-btn--secondary" disabled={busy} onClick={() => onFinish(tabId)}>
          Terminer la vérification
        </button>
      </div>
    </Screen>
  );
}
