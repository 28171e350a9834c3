/**
 * What the citizen reads about a fill, in French (typography: U+00A0 before « : ; ! ? »): why
 * fields were left alone, and what went wrong with the tab. Used by the background, which sends
 * finished sentences to the popup.
 */
import type { SkipGroup } from './fill-messages';
import type { TabProblem } from './tab-access';

/** Engine skip reasons (extension/autofill/types.ts SkipReason). */
export const SKIP_REASONS: Record<string, string> = {
  'not-selected': 'Champs que vous n’avez pas cochés',
  'no-claim': 'FranceConnect ne fournit pas cette information',
  'no-data': 'Donnée non récupérée auprès de l’administration concernée',
  unspecified: 'Sexe non précisé par FranceConnect',
  'born-abroad': 'Naissance à l’étranger\u00a0: pas de commune française',
  'other-person': 'Concernent une autre personne (conjoint, enfant, représentant…)',
  'not-certified': 'Informations que FranceConnect ne certifie pas (téléphone, adresse, coordonnées bancaires…)',
  hidden: 'Champs masqués sur la page',
  readonly: 'Champs en lecture seule',
  disabled: 'Champs désactivés',
  'user-value': 'Déjà remplis par vous\u00a0: Pivot n’y touche pas',
  prefilled: 'Déjà remplis par le site',
  'already-filled': 'Déjà remplis avec la bonne valeur',
  'no-matching-option': 'Aucun choix de la liste ne correspond',
  'too-long': 'Valeur trop longue pour le champ',
  'pattern-mismatch': 'Format refusé par le champ',
  'low-confidence': 'Champs trop peu clairement identifiés',
  duplicate: 'Champs en double sur la page',
  'unknown-place': 'Lieu de naissance absent de la table des communes',
  rejected: 'Refusés ou effacés par la page',
  gone: 'Disparus de la page pendant le remplissage',
};

const OTHER_REASON = 'Autres raisons';

/** Groups skipped fields by reason, in the order reasons first appear; labels deduplicated. */
export function groupSkipped(items: { label: string; reason: string }[], leaveOut: string[] = []): SkipGroup[] {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    if (leaveOut.includes(item.reason)) continue;
    const reason = SKIP_REASONS[item.reason] ?? OTHER_REASON;
    const labels = groups.get(reason) ?? [];
    const label = item.label || 'Champ sans nom';
    if (!labels.includes(label)) labels.push(label);
    groups.set(reason, labels);
  }
  return [...groups].map(([reason, labels]) => ({ reason, labels }));
}

export const TAB_MESSAGES: Record<TabProblem | 'not-logged-in' | 'not-agent' | 'engine-failed' | 'internal', string> = {
  'no-tab': 'L’onglet à remplir n’existe plus. Revenez sur le formulaire et rouvrez Pivot.',
  restricted: 'Pivot ne peut pas remplir les pages du navigateur (paramètres, extensions, nouvel onglet…). Ouvrez le formulaire de votre démarche, puis Pivot.',
  'web-store': 'Le navigateur interdit aux extensions d’agir sur la boutique d’extensions\u00a0: Pivot ne peut rien remplir ici.',
  pdf: 'Cette page est un document PDF affiché par le navigateur\u00a0: Pivot ne remplit que les formulaires des pages web.',
  'no-access':
    'Pivot n’a pas accès à cette page. Cliquez sur l’icône de Pivot depuis l’onglet du formulaire, puis réessayez.',
  'error-page': 'L’onglet affiche une page d’erreur du navigateur\u00a0: rechargez le formulaire, puis réessayez.',
  'injection-failed': 'Pivot n’a pas pu s’installer dans cette page. Rechargez-la, puis réessayez.',
  'page-changed': 'La page a changé ou s’est rechargée entre-temps. Relancez «\u00a0Remplir ce formulaire\u00a0».',
  'bad-reply': 'La page a renvoyé une réponse inattendue\u00a0: par sécurité, rien n’a été rempli.',
  'engine-failed': 'La page a interrompu Pivot pendant son travail. Rechargez-la, puis réessayez.',
  'not-logged-in': 'Connectez-vous avec FranceConnect pour remplir un formulaire.',
  'not-agent': 'Le mode vérification d’identité n’est pas actif.',
  internal: 'Une erreur inattendue est survenue dans l’extension.',
};
