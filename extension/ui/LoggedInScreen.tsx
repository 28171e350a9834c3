import { useEffect, useRef, useState } from 'preact/hooks';
import type { DataClient } from '../lib/data-client';
import type { Me } from '../lib/messages';
import type { Places } from '../lib/places-loader';
import { IdentityScreen } from './IdentityScreen';

type DataScreenModule = typeof import('./DataScreen');
let dataScreenModule: Promise<DataScreenModule> | undefined;
/** « Mes données » is a chunk of its own, fetched once the identity is on screen (the popup opens faster). */
const loadDataScreen = () => (dataScreenModule ??= import('./DataScreen'));

function useDataScreen(): DataScreenModule['DataScreen'] | undefined {
  const [component, setComponent] = useState<DataScreenModule['DataScreen'] | undefined>(undefined);
  useEffect(() => {
    let current = true;
    loadDataScreen().then(
      (module) => current && setComponent(() => module.DataScreen),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  return component;
}

interface LoggedInScreenProps {
  me: Me;
  onLogout: () => void;
  /** « Remplir ce formulaire » (absent where the popup cannot fill a tab). */
  onFill?: () => void;
  /** The last fill of this tab can still be undone (see IdentityScreen). */
  undo?: { filled: number; onUndo: () => void };
  loadPlaces: () => Promise<Places | undefined>;
  data: DataClient;
  /** The data keys the current tab's form would take (`fill/scan`), for « Mes données »; see DataScreen. */
  scanForm?: () => Promise<readonly string[] | undefined>;
  timeZone?: string;
  focusTitle?: boolean;
}

const TABS = [
  { id: 'identity', label: 'Mon identité' },
  { id: 'data', label: 'Mes données' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * Logged in: two tabs, « Mon identité » and « Mes données » (WAI-ARIA tabs: arrows, Home and End
 * move between them, Tab goes into the panel).
 */
export function LoggedInScreen({ me, onLogout, onFill, undo, loadPlaces, data, scanForm, timeZone, focusTitle }: LoggedInScreenProps) {
  const [tab, setTab] = useState<TabId>('identity');
  const DataScreen = useDataScreen();
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});

  const select = (id: TabId, focus: boolean) => {
    setTab(id);
    if (focus) buttons.current[id]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % TABS.length
      : event.key === 'ArrowLeft' ? (index - 1 + TABS.length) % TABS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? TABS.length - 1
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    select(TABS[next]?.id ?? 'identity', true);
  };

  return (
    <>
      <div class="pivot-tabs" role="tablist" aria-label="Mon espace Pivot" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            class="pivot-tab"
            ref={(el) => {
              buttons.current[t.id] = el;
            }}
            onClick={() => select(t.id, false)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="pivot-tabpanel">
        {tab === 'identity' ? (
          <IdentityScreen me={me} onLogout={onLogout} onFill={onFill} undo={undo} loadPlaces={loadPlaces} timeZone={timeZone} focusTitle={focusTitle} />
        ) : DataScreen ? (
          <DataScreen client={data} scanForm={scanForm} timeZone={timeZone} />
        ) : (
          <p aria-busy="true">Chargement…</p>
        )}
      </div>
    </>
  );
}
