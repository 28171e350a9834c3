interface FranceConnectButtonProps {
  onClick: () => void;
  disabled?: boolean;
}

/**
 * The official FranceConnect button, DSFR `fr-connect` markup (franceconnect.md §8): label, brand and
 * the « Qu’est-ce que FranceConnect ? » link are mandatory and may not be changed.
 */
export function FranceConnectButton({ onClick, disabled = false }: FranceConnectButtonProps) {
  return (
    <div class="fr-connect-group">
      <button class="fr-connect" type="button" onClick={onClick} disabled={disabled}>
        <span class="fr-connect__login">S’identifier avec</span>
        <span class="fr-connect__brand">FranceConnect</span>
      </button>
      <p>
        <a
          href="https://franceconnect.gouv.fr/"
          target="_blank"
          rel="noopener"
          title="Qu’est-ce que FranceConnect&nbsp;? - nouvelle fenêtre"
        >
          Qu’est-ce que FranceConnect&nbsp;?
        </a>
      </p>
    </div>
  );
}
