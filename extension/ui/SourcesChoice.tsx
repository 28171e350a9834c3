import { DATA_SOURCE_IDS, SOURCE_GROUPS, type DataSourceId } from '../lib/sources';

interface SourcesChoiceProps {
  chosen: ReadonlySet<DataSourceId>;
  onChange: (chosen: Set<DataSourceId>) => void;
  /** Open at first (nothing chosen yet), closed once the citizen has made a choice before. */
  initiallyOpen: boolean;
  /** The sources the backend offers, in the fixed order; absent when not known (then all twelve). */
  offered?: readonly DataSourceId[];
}

export function chosenSummary(count: number, total: number = DATA_SOURCE_IDS.length): string {
  if (count === 0) return 'aucune, seulement votre identité';
  return `${count} sur ${total}`;
}

/**
 * Which data sources to read at login, grouped by domain, each with one line on what it gives.
 * Native checkboxes in fieldsets (keyboard and screen readers for free), with « Tout sélectionner »
 * and « Ne rien sélectionner ». Only the sources the backend offers are shown (a group without any
 * disappears); a source chosen earlier but not offered stays in the choice, unseen, and is not
 * asked for (the background leaves it out at login).
 */
export function SourcesChoice({ chosen, onChange, initiallyOpen, offered = DATA_SOURCE_IDS }: SourcesChoiceProps) {
  if (offered.length === 0) return <p class="pivot-choice fr-text--sm">Ce serveur Pivot ne propose aucune source de données.</p>;
  const groups = SOURCE_GROUPS.map((group) => ({ ...group, sources: group.sources.filter((s) => offered.includes(s.id)) })).filter(
    (group) => group.sources.length > 0,
  );
  const toggle = (id: DataSourceId, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <details class="pivot-choice" open={initiallyOpen}>
      <summary>
        Données demandées à la connexion&nbsp;:{' '}
        <strong>{chosenSummary(offered.filter((id) => chosen.has(id)).length, offered.length)}</strong>
      </summary>
      <fieldset class="fr-fieldset pivot-choice__fieldset" aria-describedby="pivot-choice-hint">
        <legend class="fr-fieldset__legend fr-text--regular">En plus de votre identité, quelles données Pivot doit-il demander&nbsp;?</legend>
        <p id="pivot-choice-hint" class="fr-hint-text pivot-choice__hint">
          Chaque service les transmet une seule fois, à la connexion, si vous l’acceptez sur FranceConnect. Ne cochez que ce
          dont votre démarche a besoin.
        </p>
        <div class="pivot-choice__shortcuts">
          <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => onChange(new Set([...chosen, ...offered]))}>
            Tout sélectionner
          </button>
          <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => onChange(new Set([...chosen].filter((id) => !offered.includes(id))))}>
            Ne rien sélectionner
          </button>
        </div>
        {groups.map((group) => (
          <fieldset key={group.title} class="fr-fieldset pivot-choice__group">
            <legend class="fr-fieldset__legend fr-text--bold">{group.title}</legend>
            {group.sources.map((source) => (
              <div key={source.id} class="fr-fieldset__element">
                <div class="fr-checkbox-group fr-checkbox-group--sm">
                  <input
                    type="checkbox"
                    id={`choice-${source.id}`}
                    name="sources"
                    value={source.id}
                    checked={chosen.has(source.id)}
                    onChange={(event) => toggle(source.id, event.currentTarget.checked)}
                  />
                  <label class="fr-label" for={`choice-${source.id}`}>
                    {source.label}
                    <span class="fr-hint-text">{source.gives}</span>
                  </label>
                </div>
              </div>
            ))}
          </fieldset>
        ))}
      </fieldset>
    </details>
  );
}
