import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { dataClient, type DataClient } from '../lib/data-client';
import type { SessionReply, SessionRequest, SessionView } from '../lib/messages';
import type { Places } from '../lib/places-loader';
import type { PopupClient } from '../lib/popup-client';
import type { DataSourceId } from '../lib/sources';
import { preferencesStore } from '../lib/storage';
import { ErrorScreen } from './ErrorScreen';
import { ExpiredScreen } from './ExpiredScreen';
import { LoggedInScreen } from './LoggedInScreen';
import { LoggedOutScreen, type SourcesPreference } from './LoggedOutScreen';
import { LoggingInScreen } from './LoggingInScreen';
import { LoggingOutScreen } from './LoggingOutScreen';
import { Notice } from './Notice';
import { UnreachableScreen } from './UnreachableScreen';

interface PopupAppProps {
  client: PopupClient;
  loadPlaces: () => Promise<Places | undefined>;
  /** `data/*` messages (« Mes données »); the background by default. */
  data?: DataClient;
  /** The remembered choice of data sources; storage.local by default. */
  preferences?: SourcesPreference;
  /** The data keys the current tab's form would take (`fill/scan` → `dataKeys`), for « Mes données ». */
  scanForm?: () => Promise<readonly string[] | undefined>;
  timeZone?: string;
}

type Shown = SessionView | { status: 'loading' };

/**
 * The popup: asks the background what to show, shows it, and sends what the citizen asks for. It
 * holds no state of its own beyond the screen on display; closing it loses nothing.
 */
export function PopupApp({ client, loadPlaces, data = dataClient, preferences = preferencesStore, scanForm, timeZone }: PopupAppProps) {
  const [shown, setShown] = useState<Shown>({ status: 'loading' });
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [focusTitle, setFocusTitle] = useState(false);
  const firstStatus = useRef<string | undefined>(undefined);

  const apply = useCallback((reply: SessionReply) => {
    if (reply.ok) {
      setProblem(undefined);
      setShown(reply.view);
    } else {
      setProblem(reply.error.message);
    }
  }, []);

  const send = useCallback(async (request: SessionRequest) => apply(await client.request(request)), [client, apply]);

  useEffect(() => {
    let open = true;
    void (async () => {
      const first = await client.request({ type: 'session/get' });
      if (!open) return;
      apply(first);
      // Show the cached identity at once, then check with the backend that the session still lives.
      if (first.ok && first.view.status === 'logged-in') {
        const fresh = await client.request({ type: 'session/refresh' });
        if (open) apply(fresh);
      }
    })();
    const unsubscribe = client.onChanged(() => {
      void client.request({ type: 'session/get' }).then((reply) => open && apply(reply));
    });
    return () => {
      open = false;
      unsubscribe();
    };
  }, [client, apply]);

  // The first screen keeps the natural focus order; every later screen takes focus on its title.
  useEffect(() => {
    if (shown.status === 'loading') return;
    if (firstStatus.current === undefined) firstStatus.current = shown.status;
    else setFocusTitle(true);
  }, [shown.status]);

  const login = () => void send({ type: 'session/login' });
  const loginWith = (sources: DataSourceId[] | undefined) => void send(sources ? { type: 'session/login', sources } : { type: 'session/login' });
  const logout = () => void send({ type: 'session/logout' });

  return (
    <div class="pivot-popup">
      <header class="pivot-header">
        <p class="pivot-brand">
          Pivot<small>Identité certifiée par FranceConnect</small>
        </p>
        <button type="button" class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" onClick={() => client.openOptions()}>
          Options
        </button>
      </header>
      <main class="pivot-main">
        {problem && <Notice type="error">{problem}</Notice>}
        {(() => {
          switch (shown.status) {
            case 'loading':
              return <p aria-busy="true">Chargement…</p>;
            case 'logged-out':
              return <LoggedOutScreen notice={shown.notice} onLogin={loginWith} preferences={preferences} focusTitle={focusTitle} />;
            case 'logging-in':
              return <LoggingInScreen focusTitle={focusTitle} />;
            case 'logging-out':
              return <LoggingOutScreen focusTitle={focusTitle} />;
            case 'logged-in':
              return (
                <LoggedInScreen
                  me={shown.me}
                  onLogout={logout}
                  loadPlaces={loadPlaces}
                  data={data}
                  scanForm={scanForm}
                  timeZone={timeZone}
                  focusTitle={focusTitle}
                />
              );
            case 'expired':
              return <ExpiredScreen onLogin={login} focusTitle={focusTitle} />;
            case 'unreachable':
              return (
                <UnreachableScreen
                  backendUrl={shown.backendUrl}
                  onRetry={() => void send({ type: shown.retry === 'login' ? 'session/login' : 'session/refresh' })}
                  onOpenOptions={() => client.openOptions()}
                  focusTitle={focusTitle}
                />
              );
            case 'fc-error':
            case 'login-error':
              return <ErrorScreen kind={shown.status} code={shown.code} message={shown.message} onLogin={login} focusTitle={focusTitle} />;
          }
        })()}
      </main>
    </div>
  );
}
