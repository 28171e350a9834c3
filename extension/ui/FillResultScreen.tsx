import type { SkipGroup } from '../lib/fill-messages';
import { Notice } from './Notice';
import { Screen } from './Screen';
import { SkippedFields } from './SkippedFields';

/** « 1 champ rempli », « 3 champs remplis ». */
export function fieldCount(n: number, singular: string, plural: string): string {
  return `${n}\u00a0${n > 1 ? plural : singular}`;
}

interface FillResultScreenProps {
  filled: { label: string; value: string }[];
  problems: SkipGroup[];
  revealed: number;
  onUndo: () => void;
  onAgain: () => void;
  onClose: () => void;
  focusTitle?: boolean;
}

/** After the fill: what was written, what the page refused, and « Annuler le remplissage ». */
export function FillResultScreen({ filled, problems, revealed, onUndo, onAgain, onClose, focusTitle }: FillResultScreenProps) {
  const refused = problems.reduce((n, g) => n + g.labels.length, 0);
  return (
    <Screen title={filled.length ? 'Formulaire rempli' : 'Aucun champ rempli'} focusTitle={focusTitle}>
      {filled.length > 0 ? (
        <Notice type="success">{fieldCount(filled.length, 'champ rempli', 'champs remplis')}. Relisez le formulaire avant de l’envoyer.</Notice>
      ) : (
        <Notice type="warning">La page n’a accepté aucune des valeurs choisies.</Notice>
      )}
      {filled.length > 0 && (
        <dl class="pivot-identity pivot-filled">
          {filled.map((f, i) => (
            <div key={i}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {refused > 0 && (
        <Notice type="warning">
          {fieldCount(refused, 'champ choisi n’a', 'champs choisis n’ont')} pas pu être rempli{refused > 1 ? 's' : ''}&nbsp;:{' '}
          {refused > 1 ? 'la page les a refusés, modifiés ou retirés.' : 'la page l’a refusé, modifié ou retiré.'}
        </Notice>
      )}
      <SkippedFields groups={problems} summary="Détail des champs non remplis" />
      {revealed > 0 && (
        <Notice type="info">
          {fieldCount(revealed, 'nouveau champ est apparu', 'nouveaux champs sont apparus')} pendant le remplissage. Pivot
          {revealed > 1 ? ' ne les a pas remplis' : ' ne l’a pas rempli'} sans votre accord.
        </Notice>
      )}
      <div class="pivot-actions">
        {filled.length > 0 && (
          <button type="button" class="fr-btn fr-btn--secondary" onClick={onUndo}>
            Annuler le remplissage
          </button>
        )}
        {revealed > 0 && (
          <button type="button" class="fr-btn fr-btn--secondary" onClick={onAgain}>
            Compléter le formulaire
          </button>
        )}
        <button type="button" class="fr-btn fr-btn--tertiary" onClick={onClose}>
          Terminé
        </button>
      </div>
    </Screen>
  );
}
