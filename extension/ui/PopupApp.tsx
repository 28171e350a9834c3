import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { dataClient, type DataClient } from '../lib/data-client';
import type { FillClient } from '../lib/fill-client';
import type { SessionReply, SessionRequest, SessionView } from '../lib/messages';
import type { Places } from '../lib/places-loader';
import type { PopupClient } from '../lib/popup-client';
import type { DataSourceId } from '../lib/sources';
import { preferencesStore } from '../lib/storage';
import { AgentScreen } from './AgentScreen';
import { ErrorScreen } from './ErrorScreen';
import { ExpiredScreen } from './ExpiredScreen';
import { FillFlow } from './FillFlow';
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
  /** Filling forms and agent mode (fill/*, agent/*); without it the popup only shows the identity and the data. */
  fill?: FillClient;
  timeZone?: string;
}

type Shown = SessionView | { status: 'loading' };

/**
 * The popup: asks the background what to show, shows it, and sends what the citizen asks for. It
 * holds no state of its own beyond the screen on display; closing it loses nothing.
 */
export function PopupApp({ client, loadPlaces, data = dataClient, preferences = preferencesStore, fill, timeZone }: PopupAppProps) {
  const [shown, setShown] = useState<Shown>({ status: 'loading' });
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [focusTitle, setFocusTitle] = useState(false);
  const firstStatus = useRef<string | undefined>(undefined);
  /** Agent mode, asked of the background once logged in (undefined: not known yet). */
  const [agent, setAgent] = useState<boolean | undefined>(undefined);
  /** The fill flow on display: from the preview, or straight to the undo. */
  const [filling, setFilling] = useState<false | 'preview' | 'undo'>(false);
  /** Fields the last fill wrote in the target tab, still undoable (0: none). */
  const [undoable, setUndoable] = useState(0);

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

  // Asked on every screen change: the background also ends an agent mode whose login did not succeed.
  useEffect(() => {
    if (shown.status !== 'logged-in') setFilling(false);
    if (!fill || shown.status === 'loading') return;
    let open = true;
    void fill.send({ type: 'agent/get' }).then((reply) => open && setAgent(reply.ok && reply.active));
    return () => {
      open = false;
    };
  }, [fill, shown.status]);

  // Back on the identity screen: can the last fill of this tab still be undone (the popup may have closed since)?
  const identityShown = shown.status === 'logged-in' && agent === false && !filling;
  useEffect(() => {
    if (!fill || !identityShown) return;
    let open = true;
    void (async () => {
      const tabId = await fill.targetTab();
      const reply = tabId === undefined ? undefined : await fill.send({ type: 'fill/status', tabId });
      if (open) setUndoable(reply?.ok && reply.undoable ? reply.filled : 0);
    })();
    return () => {
      open = false;
    };
  }, [fill, identityShown]);

  /** « Mes données » asks the form filler which data keys the current tab's form would take. */
  const scanForm = useMemo(
    () =>
      fill
        ? async () => {
            const tabId = await fill.targetTab();
            if (tabId === undefined) return undefined;
            const reply = await fill.send({ type: 'fill/scan', tabId });
            return reply.ok ? reply.dataKeys : undefined;
          }
        : undefined,
    [fill],
  );

  const login = () => void send({ type: 'session/login' });
  const loginWith = (sources: DataSourceId[] | undefined) => void send(sources ? { type: 'session/login', sources } : { type: 'session/login' });
  const logout = () => void send({ type: 'session/logout' });
  const startAgent = fill
    ? () => {
        setAgent(true);
        void fill.send({ type: 'agent/start' }).then(apply);
      }
    : undefined;
  const finishAgent = (tabId: number | undefined) => {
    if (!fill) return;
    setAgent(false);
    void fill.send({ type: 'agent/finish', ...(tabId !== undefined ? { tabId } : {}) }).then(apply);
  };

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
              return <LoggedOutScreen notice={shown.notice} onLogin={loginWith} onAgent={startAgent} preferences={preferences} focusTitle={focusTitle} />;
            case 'logging-in':
              return <LoggingInScreen focusTitle={focusTitle} />;
            case 'logging-out':
              return <LoggingOutScreen focusTitle={focusTitle} />;
            case 'logged-in':
              if (fill && agent === undefined) return <p aria-busy="true">Chargement…</p>;
              if (fill && agent) return <AgentScreen client={fill} me={shown.me} onFinish={finishAgent} focusTitle={focusTitle} />;
              if (fill && filling)
                return (
                  <FillFlow
                    client={fill}
                    start={filling}
                    onClose={() => {
                      // Back on the identity screen, focus goes to its title (not lost on <body>).
                      setFocusTitle(true);
                      setFilling(false);
                    }}
                  />
                );
              return (
                <LoggedInScreen
                  me={shown.me}
                  onLogout={logout}
                  onFill={fill ? () => setFilling('preview') : undefined}
                  undo={undoable ? { filled: undoable, onUndo: () => setFilling('undo') } : undefined}
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
