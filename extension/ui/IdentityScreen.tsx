import { useEffect, useState } from 'preact/hooks';
import {
  formatAcr,
  formatBirthdate,
  formatBirthplace,
  formatCountry,
  formatDateTime,
  formatFirstNames,
  formatGender,
  toDate,
} from '../lib/format';
import type { Me } from '../lib/messages';
import type { Places } from '../lib/places-loader';
import { Screen } from './Screen';

interface IdentityScreenProps {
  me: Me;
  onLogout: () => void;
  /** « Remplir ce formulaire » (absent where the popup cannot reach a tab). */
  onFill?: () => void;
  /** The last fill of this tab can still be undone: how many fields it wrote, and the undo. */
  undo?: { filled: number; onUndo: () => void };
  /** Resolves the places data, or undefined when it is not available; never awaited before showing the identity. */
  loadPlaces: () => Promise<Places | undefined>;
  /** For tests; the browser's own time zone otherwise. */
  timeZone?: string;
  focusTitle?: boolean;
}

function needsPlaces(me: Me): boolean {
  return Boolean(me.identity.birthplace) || (Boolean(me.identity.birthcountry) && me.identity.birthcountry !== '99100');
}

function usePlaces(me: Me, load: () => Promise<Places | undefined>): Places | undefined {
  const [places, setPlaces] = useState<Places | undefined>(undefined);
  useEffect(() => {
    if (!needsPlaces(me)) return;
    let current = true;
    load().then(
      (loaded) => current && setPlaces(loaded),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [me, load]);
  return places;
}

const ENVIRONMENTS: Record<string, string> = {
  simulator: ' (simulateur)',
  integration: ' (plateforme d’intégration)',
};

function Certification({ me, timeZone }: { me: Me; timeZone: string | undefined }) {
  const when = toDate(me.authenticatedAt);
  const level = formatAcr(me.acr);
  const parts = ['Certifiée par FranceConnect' + (ENVIRONMENTS[me.source?.environment ?? ''] ?? '')];
  if (when) parts.push(` le ${formatDateTime(when, timeZone)}`);
  if (level) parts.push(`, niveau eIDAS ${level} (${me.acr})`);
  return <p class="pivot-certified">{parts.join('')}.</p>;
}

/** « Mon identité certifiée »: the identité pivot, in French, and the logout button. */
export function IdentityScreen({ me, onLogout, onFill, undo, loadPlaces, timeZone, focusTitle }: IdentityScreenProps) {
  const places = usePlaces(me, loadPlaces);
  const { identity } = me;
  const rows: Array<[string, string]> = [
    ['Nom de naissance', identity.family_name],
    ['Nom d’usage', identity.preferred_username?.trim() || 'Aucun'],
    ['Prénoms', formatFirstNames(identity)],
    ['Date de naissance', formatBirthdate(identity.birthdate)],
    ['Lieu de naissance', formatBirthplace(identity.birthplace, places)],
    ['Pays de naissance', formatCountry(identity.birthcountry, places)],
    ['Sexe', formatGender(identity.gender)],
    ['Adresse électronique', identity.email || 'Non renseignée'],
  ];
  return (
    <Screen title="Mon identité certifiée" focusTitle={focusTitle}>
      {undo && (
        <div class="fr-alert fr-alert--info fr-alert--sm pivot-notice" role="status">
          <p>
            Pivot a rempli {undo.filled > 1 ? `${undo.filled}\u00a0champs` : '1\u00a0champ'} sur cette page.{' '}
            <button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline pivot-inline-btn" onClick={undo.onUndo}>
              Annuler le remplissage
            </button>
          </p>
        </div>
      )}
      <Certification me={me} timeZone={timeZone} />
      <dl class="pivot-identity">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div class="pivot-actions">
        {onFill && (
          <button type="button" class="fr-btn" onClick={onFill}>
            Remplir ce formulaire
          </button>
        )}
        <button type="button" class="fr-btn fr-btn--secondary" onClick={onLogout}>
          Se déconnecter
        </button>
      </div>
    </Screen>
  );
}
