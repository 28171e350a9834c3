import { FranceConnectButton } from './FranceConnectButton';
import { Screen } from './Screen';

/** The backend no longer knows the session (401) or it passed its expiry: identity already wiped. */
export function ExpiredScreen({ onLogin, focusTitle }: { onLogin: () => void; focusTitle?: boolean }) {
  return (
    <Screen title="Votre session a expiré" focusTitle={focusTitle}>
      <p>
        Par sécurité, votre identité a été effacée de l’extension. Identifiez-vous de nouveau pour la retrouver.
      </p>
      <FranceConnectButton onClick={onLogin} />
    </Screen>
  );
}
