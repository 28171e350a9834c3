import { Screen } from './Screen';

interface UnreachableScreenProps {
  backendUrl: string;
  onRetry: () => void;
  onOpenOptions: () => void;
  focusTitle?: boolean;
}

/** The backend did not answer: say so, and how to fix it. */
export function UnreachableScreen({ backendUrl, onRetry, onOpenOptions, focusTitle }: UnreachableScreenProps) {
  return (
    <Screen title="Le serveur Pivot ne répond pas" focusTitle={focusTitle}>
      <p>
        L’extension n’a pas pu joindre le serveur Pivot à l’adresse <span class="pivot-code">{backendUrl}</span>.
      </p>
      <p class="fr-mb-1w">Pour corriger&nbsp;:</p>
      <ul class="pivot-fix-list">
        <li>
          vérifiez que le serveur est démarré&nbsp;: dans le dossier de Pivot, lancez <span class="pivot-code">npm start</span>&nbsp;;
        </li>
        <li>vérifiez l’adresse du serveur dans les options de l’extension.</li>
      </ul>
      <div class="pivot-actions">
        <button type="button" class="fr-btn" onClick={onRetry}>
          Réessayer
        </button>
        <button type="button" class="fr-btn fr-btn--secondary" onClick={onOpenOptions}>
          Ouvrir les options
        </button>
      </div>
    </Screen>
  );
}
