import { useState } from 'preact/hooks';
import type { PreviewItem, SkipGroup } from '../lib/fill-messages';
import { Screen } from './Screen';
import { SkippedFields } from './SkippedFields';

interface FillPreviewScreenProps {
  items: PreviewItem[];
  skipped: SkipGroup[];
  onConfirm: (ids: string[]) => void;
  onCancel: () => void;
  focusTitle?: boolean;
}

/**
 * The preview: every field Pivot recognised, the value it would receive, a checkbox each. Nothing
 * is written before « Remplir les champs sélectionnés ».
 */
export function FillPreviewScreen({ items, skipped, onConfirm, onCancel, focusTitle }: FillPreviewScreenProps) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(items.filter((i) => i.preselected).map((i) => i.id)));
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <Screen title="Remplir ce formulaire" focusTitle={focusTitle}>
      <p class="fr-text--sm">Vérifiez les valeurs proposées. Rien n’est écrit dans la page avant votre confirmation.</p>
      <fieldset class="fr-fieldset pivot-preview">
        <legend class="fr-fieldset__legend fr-text--md">
          Champs reconnus sur la page
          <span class="fr-hint-text">Décochez ce que vous ne voulez pas remplir. Les champs non cochés d’office sont à vérifier.</span>
        </legend>
        {items.map((item) => (
          <div class="fr-fieldset__element" key={item.id}>
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input
                type="checkbox"
                id={`pivot-field-${item.id}`}
                checked={chosen.has(item.id)}
                onChange={(e) => toggle(item.id, (e.currentTarget as HTMLInputElement).checked)}
              />
              <label class="fr-label" for={`pivot-field-${item.id}`}>
                {item.label}
                <span class="fr-hint-text pivot-value">
                  {item.value}
                  {!item.preselected && ' (à vérifier)'}
                </span>
              </label>
            </div>
          </div>
        ))}
      </fieldset>
      <SkippedFields groups={skipped} summary="Champs laissés de côté" />
      <div class="pivot-actions">
        <button type="button" class="fr-btn" disabled={chosen.size === 0} onClick={() => onConfirm(items.filter((i) => chosen.has(i.id)).map((i) => i.id))}>
          Remplir les champs sélectionnés
        </button>
        <button type="button" class="fr-btn fr-btn--secondary" onClick={onCancel}>
          Retour
        </button>
      </div>
    </Screen>
  );
}
