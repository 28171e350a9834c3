import { useEffect, useState } from 'preact/hooks';
import { offeredSources } from '../lib/data-client';
import { DATA_SOURCE_IDS, isDataSourceId, type DataSourceId } from '../lib/sources';
import { preferencesStore } from '../lib/storage';
import { FranceConnectButton } from './FranceConnectButton';
import { Notice } from './Notice';
import { Screen } from './Screen';
import { SourcesChoice } from './SourcesChoice';

export type LoggedOutNotice = 'cancelled' | 'logged-out' | 'logged-out-locally';

/** Where the choice of sources is remembered (storage.local: a preference, ids only). */
export interface SourcesPreference {
  getSources(): Promise<string[] | undefined>;
  setSources(sources: readonly string[]): Promise<void>;
}

interface LoggedOutScreenProps {
  notice?: LoggedOutNotice;
  /** `sources`: the ids chosen, in the fixed order; undefined if the choice is not loaded yet. */
  onLogin: (sources?: DataSourceId[]) => void;
  /** « Vérifier une identité »: agent mode (absent where the popup cannot reach a tab). */
  onAgent?: () => void;
  /** storage.local by default. */
  preferences?: SourcesPreference;
  /** The sources the backend offers (`data/offered` by default); undefined when not known: all twelve are shown. */
  offered?: () => Promise<DataSourceId[] | undefined>;
  focusTitle?: boolean;
}

function NoticeFor({ notice }: { notice: LoggedOutNotice }) {
  switch (notice) {
    case 'cancelled':
      return <Notice type="info">Connexion annulée&nbsp;: la fenêtre FranceConnect a été fermée avant la fin.</Notice>;
    case 'logged-out':
      return (
        <Notice type="success">
          Vous êtes déconnecté de Pivot et de FranceConnect. Vos données d’identité ont été effacées de l’extension.
        </Notice>
      );
    case 'logged-out-locally':
      return (
        <Notice type="warning">
          Vos données d’identité ont été effacées de l’extension, mais la déconnexion n’a pas pu être confirmée auprès du
          serveur Pivot ou de FranceConnect. Sur un ordinateur partagé, fermez le navigateur.
        </Notice>
      );
  }
}

interface ChoiceState {
  chosen: Set<DataSourceId>;
  firstTime: boolean;
  /** What the backend offers; undefined when it could not say. */
  offered: DataSourceId[] | undefined;
}

/**
 * The choice as remembered (`firstTime` when nothing was ever chosen: none is ticked then) and what
 * the backend offers, both loaded before the choice shows (so it never shows twelve, then two).
 */
function useSourcesChoice(preferences: SourcesPreference, offered: () => Promise<DataSourceId[] | undefined>) {
  const [state, setState] = useState<ChoiceState | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void Promise.all([
      preferences.getSources().catch(() => undefined),
      offered().catch(() => undefined),
    ]).then(([stored, sources]) => {
      if (current) setState({ chosen: new Set((stored ?? []).filter(isDataSourceId)), firstTime: stored === undefined, offered: sources });
    });
    return () => {
      current = false;
    };
  }, [preferences, offered]);
  const change = (chosen: Set<DataSourceId>) => {
    setState((previous) => ({ chosen, firstTime: previous?.firstTime ?? true, offered: previous?.offered }));
    void preferences.setSources(DATA_SOURCE_IDS.filter((id) => chosen.has(id))).catch(() => undefined);
  };
  return { state, change };
}

/** Not logged in: what Pivot does with the data, which data to ask for, and the FranceConnect button. */
export function LoggedOutScreen({ notice, onLogin, onAgent, preferences = preferencesStore, offered = offeredSources, focusTitle }: LoggedOutScreenProps) {
  const { state, change } = useSourcesChoice(preferences, offered);
  return (
    <Screen title="Votre identité certifiée, dans votre navigateur" focusTitle={focusTitle}>
      {notice && <NoticeFor notice={notice} />}
      <p>
        Pivot obtient votre identité certifiée auprès de FranceConnect, ne la garde que le temps de votre session (elle
        s’efface quand vous vous déconnectez ou fermez le navigateur) et ne la transmet qu’aux formulaires que vous
        choisissez de remplir.
      </p>
      {state && <SourcesChoice chosen={state.chosen} onChange={change} initiallyOpen={state.firstTime} offered={state.offered} />}
      <FranceConnectButton onClick={() => onLogin(state ? DATA_SOURCE_IDS.filter((id) => state.chosen.has(id)) : undefined)} />
      {onAgent && (
        <div class="pivot-agent-entry">
          <h2 class="fr-h6">Agent d’un service public&nbsp;?</h2>
          <p class="fr-text--sm">
            Un usager se connecte ici, sur votre navigateur, pour que Pivot compare son identité certifiée avec le dossier que vous
            affichez, puis efface tout.
          </p>
          <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm" onClick={onAgent}>
            Vérifier une identité
          </button>
        </div>
      )}
    </Screen>
  );
}
