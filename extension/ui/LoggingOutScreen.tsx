import { Screen } from './Screen';

/** Identity already wiped; the backend and FranceConnect are being told. */
export function LoggingOutScreen({ focusTitle }: { focusTitle?: boolean }) {
  return (
    <Screen title="Déconnexion en cours…" focusTitle={focusTitle}>
      <p role="status">
        Vos données d’identité ont été effacées de l’extension. Pivot termine votre session auprès du serveur et de
        FranceConnect.
      </p>
    </Screen>
  );
}
