import { FranceConnectButton } from './FranceConnectButton';
import { Notice } from './Notice';
import { Screen } from './Screen';

interface ErrorScreenProps {
  /** fc-error: FranceConnect (through the backend) refused; login-error: the extension or backend stopped the login. */
  kind: 'fc-error' | 'login-error';
  code: string;
  message: string;
  onLogin: () => void;
  focusTitle?: boolean;
}

/** The login ended with an error: the message in plain French, its code for support, and a new try. */
export function ErrorScreen({ kind, code, message, onLogin, focusTitle }: ErrorScreenProps) {
  const title = kind === 'fc-error' ? 'FranceConnect n’a pas pu vous identifier' : 'La connexion n’a pas abouti';
  return (
    <Screen title={title} focusTitle={focusTitle}>
      <Notice type="error">{message}</Notice>
      <p class="fr-text--xs">
        Code de l’erreur&nbsp;: <span class="pivot-code">{code}</span>
      </p>
      <p>Vous pouvez réessayer&nbsp;:</p>
      <FranceConnectButton onClick={onLogin} />
    </Screen>
  );
}
