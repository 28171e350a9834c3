import { FranceConnectButton } from './FranceConnectButton';
import { Notice } from './Notice';
import { Screen } from './Screen';

export type LoggedOutNotice = 'cancelled' | 'logged-out' | 'logged-out-locally';

interface LoggedOutScreenProps {
  notice?: LoggedOutNotice;
  onLogin: () => void;
  /** « Vérifier une identité »: agent mode (absent where the popup cannot reach a tab). */
  onAgent?: () => void;
  focusTitle?: boolean;
}

function NoticeFor({ notice }: { notice: LoggedOutNotice }) {
  switch (notice) {
    case 'cancelled':
      return <Notice type="info">Connexion annulée&nbsp;: la fenêtre FranceConnect a été fermée avant la fin.</Notice>;
    case 'logged-out':
      return (
        <Notice type="success">
          Vous êtes déconnecté de Pivot et de FranceConnect. Vos données d’identité ont été effacées de l’extension.
        </Notice>
      );
    case 'logged-out-locally':
      return (
        <Notice type="warning">
          Vos données d’identité ont été effacées de l’extension, mais la déconnexion n’a pas pu être confirmée auprès du
          serveur Pivot ou de FranceConnect. Sur un ordinateur partagé, fermez le navigateur.
        </Notice>
      );
  }
}

/** Not logged in: what Pivot does with the data, and the FranceConnect button. */
export function LoggedOutScreen({ notice, onLogin, onAgent, focusTitle }: LoggedOutScreenProps) {
  return (
    <Screen title="Votre identité certifiée, dans votre navigateur" focusTitle={focusTitle}>
      {notice && <NoticeFor notice={notice} />}
      <p>
        Pivot obtient votre identité certifiée auprès de FranceConnect, ne la garde que le temps de votre session (elle
        s’efface quand vous vous déconnectez ou fermez le navigateur) et ne la transmet qu’aux formulaires que vous
        choisissez de remplir.
      </p>
      <FranceConnectButton onClick={onLogin} />
      {onAgent && (
        <div class="pivot-agent-entry">
          <h2 class="fr-h6">Agent d’un service public&nbsp;?</h2>
          <p class="fr-text--sm">
            Un usager se connecte ici, sur votre navigateur, pour que Pivot compare son identité certifiée avec le dossier que vous
            affichez, puis efface tout.
          </p>
          <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm" onClick={onAgent}>
            Vérifier une identité
          </button>
        </div>
      )}
    </Screen>
  );
}
