import { useEffect, useState } from 'preact/hooks';
import type { FillClient } from '../lib/fill-client';
import type { PreviewItem, SkipGroup } from '../lib/fill-messages';
import { FillPreviewScreen } from './FillPreviewScreen';
import { FillResultScreen } from './FillResultScreen';
import { Notice } from './Notice';
import { Screen } from './Screen';
import { SkippedFields } from './SkippedFields';

type Step =
  | { step: 'busy'; title: string }
  | { step: 'preview'; page: string; items: PreviewItem[]; skipped: SkipGroup[] }
  | { step: 'empty'; skipped: SkipGroup[] }
  | { step: 'error'; message: string }
  | { step: 'result'; filled: { label: string; value: string }[]; problems: SkipGroup[]; revealed: number }
  | { step: 'undone'; restored: number; kept: number };

interface FillFlowProps {
  client: FillClient;
  /** `undo`: straight to « Annuler le remplissage » (the popup reopened after a fill). */
  start?: 'preview' | 'undo';
  /** Back to the identity screen. */
  onClose: () => void;
}

const NO_TAB = 'Pivot ne trouve pas l’onglet à remplir. Revenez sur le formulaire, puis rouvrez Pivot.';

/** « Remplir ce formulaire »: analyse → preview and consent → fill → result, with undo. */
export function FillFlow({ client, start = 'preview', onClose }: FillFlowProps) {
  const [state, setState] = useState<Step>({ step: 'busy', title: 'Analyse de la page…' });
  const [tabId, setTabId] = useState<number | undefined>(undefined);

  async function preview(tab: number | undefined) {
    setState({ step: 'busy', title: 'Analyse de la page…' });
    if (tab === undefined) return setState({ step: 'error', message: NO_TAB });
    const reply = await client.send({ type: 'fill/preview', tabId: tab });
    if (!reply.ok) return setState({ step: 'error', message: reply.error.message });
    setState(reply.items.length ? { step: 'preview', page: reply.page, items: reply.items, skipped: reply.skipped } : { step: 'empty', skipped: reply.skipped });
  }

  useEffect(() => {
    void client.targetTab().then((tab) => {
      setTabId(tab);
      return start === 'undo' ? undo(tab) : preview(tab);
    });
  }, [client, start]);

  async function confirm(page: string, ids: string[]) {
    if (tabId === undefined) return;
    setState({ step: 'busy', title: 'Remplissage en cours…' });
    const reply = await client.send({ type: 'fill/confirm', tabId, page, ids });
    setState(reply.ok ? { step: 'result', filled: reply.filled, problems: reply.problems, revealed: reply.revealed } : { step: 'error', message: reply.error.message });
  }

  async function undo(tab: number | undefined) {
    if (tab === undefined) return setState({ step: 'error', message: NO_TAB });
    setState({ step: 'busy', title: 'Annulation en cours…' });
    const reply = await client.send({ type: 'fill/undo', tabId: tab });
    setState(reply.ok ? { step: 'undone', restored: reply.restored, kept: reply.kept } : { step: 'error', message: reply.error.message });
  }

  const back = (
    <div class="pivot-actions">
      <button type="button" class="fr-btn fr-btn--secondary" onClick={onClose}>
        Retour
      </button>
    </div>
  );

  switch (state.step) {
    case 'busy':
      return (
        <Screen title={state.title} focusTitle>
          <p aria-busy="true">Un instant…</p>
        </Screen>
      );
    case 'preview':
      return <FillPreviewScreen items={state.items} skipped={state.skipped} onConfirm={(ids) => void confirm(state.page, ids)} onCancel={onClose} focusTitle />;
    case 'empty':
      return (
        <Screen title="Rien à remplir ici" focusTitle>
          <Notice type="info">Pivot n’a reconnu sur cette page aucun champ qu’il puisse remplir avec vos données certifiées.</Notice>
          <SkippedFields groups={state.skipped} summary="Champs reconnus mais laissés de côté" />
          {back}
        </Screen>
      );
    case 'error':
      return (
        <Screen title="Impossible de remplir cette page" focusTitle>
          <Notice type="error">{state.message}</Notice>
          {back}
        </Screen>
      );
    case 'result':
      return (
        <FillResultScreen
          filled={state.filled}
          problems={state.problems}
          revealed={state.revealed}
          onUndo={() => void undo(tabId)}
          onAgain={() => void preview(tabId)}
          onClose={onClose}
          focusTitle
        />
      );
    case 'undone':
      return (
        <Screen title="Remplissage annulé" focusTitle>
          <Notice type="success">
            {state.restored === 0
              ? 'Aucun champ n’était à remettre comme avant.'
              : state.restored === 1
                ? '1\u00a0champ a retrouvé sa valeur d’avant le remplissage.'
                : `${state.restored}\u00a0champs ont retrouvé leur valeur d’avant le remplissage.`}
          </Notice>
          {state.kept > 0 && (
            <Notice type="info">
              {state.kept === 1
                ? '1\u00a0champ que vous avez modifié depuis a été laissé tel quel.'
                : `${state.kept}\u00a0champs que vous avez modifiés depuis ont été laissés tels quels.`}
            </Notice>
          )}
          {back}
        </Screen>
      );
  }
}
