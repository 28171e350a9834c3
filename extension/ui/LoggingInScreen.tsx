import { Screen } from './Screen';

/** The auth window is open: the citizen continues there. */
export function LoggingInScreen({ focusTitle }: { focusTitle?: boolean }) {
  return (
    <Screen title="Connexion en cours…" focusTitle={focusTitle}>
      <p role="status">
        Poursuivez votre connexion dans la fenêtre FranceConnect qui vient de s’ouvrir. Vous pouvez fermer ce panneau&nbsp;:
        la connexion continue.
      </p>
      <p class="fr-text--sm">Pour annuler, fermez la fenêtre FranceConnect.</p>
    </Screen>
  );
}
