import { useEffect, useState } from 'preact/hooks';
import { backendUrlProblem, DEFAULT_BACKEND_URL, hostPermissionFor, isDefaultBackend, normaliseBackendUrl } from '../lib/config';
import type { HealthResult, OptionsEnvironment } from '../lib/options-environment';
import { Notice } from './Notice';

type Status =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'invalid'; message: string }
  | { kind: 'refused' }
  | { kind: 'saved'; url: string; health: HealthResult }
  | { kind: 'tested'; url: string; health: HealthResult };

interface OptionsAppProps {
  env: OptionsEnvironment;
  /** For tests: which browser's match patterns to use. */
  firefox?: boolean;
}

function HealthNotice({ status }: { status: Extract<Status, { kind: 'saved' | 'tested' }> }) {
  const prefix = status.kind === 'saved' ? 'Adresse enregistrée. ' : '';
  switch (status.health) {
    case 'ok':
      return <Notice type="success">{prefix}Le serveur Pivot répond à l’adresse {status.url}.</Notice>;
    case 'unreachable':
      return (
        <Notice type="warning">
          {prefix}Le serveur Pivot ne répond pas à l’adresse {status.url}. Vérifiez qu’il est démarré (dans le dossier de
          Pivot&nbsp;: <span class="pivot-code">npm start</span>) et que l’adresse est exacte.
        </Notice>
      );
    case 'error':
      return (
        <Notice type="warning">
          {prefix}Un serveur répond à l’adresse {status.url}, mais ce n’est pas un serveur Pivot en bon état. Vérifiez
          l’adresse.
        </Notice>
      );
  }
}

/** Options: the backend URL, with the host permission asked for when it is not the default one. */
export function OptionsApp({ env, firefox }: OptionsAppProps) {
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const [input, setInput] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    void env.getBackendUrl().then((url) => {
      setSaved(url);
      setInput(url);
    });
  }, [env]);

  async function save(value: string) {
    const checked = normaliseBackendUrl(value);
    if (!checked.ok) {
      setStatus({ kind: 'invalid', message: backendUrlProblem(checked.reason) });
      return;
    }
    const url = checked.url;
    const pattern = hostPermissionFor(url, firefox);
    // First await of the click handler: the browser shows its permission prompt during the gesture.
    const granted = isDefaultBackend(url) ? true : await env.requestHostPermission(pattern);
    if (!granted) {
      setStatus({ kind: 'refused' });
      return;
    }
    setStatus({ kind: 'working' });
    const previous = saved;
    await env.setBackendUrl(url);
    if (previous && !isDefaultBackend(previous)) {
      const previousPattern = hostPermissionFor(previous, firefox);
      if (previousPattern !== pattern) await env.removeHostPermission(previousPattern);
    }
    setSaved(url);
    setInput(url);
    setStatus({ kind: 'saved', url, health: await env.checkHealth(url) });
  }

  async function test() {
    if (!saved) return;
    setStatus({ kind: 'working' });
    setStatus({ kind: 'tested', url: saved, health: await env.checkHealth(saved) });
  }

  const invalid = status.kind === 'invalid';
  return (
    <main class="pivot-options">
      <h1>Options de Pivot</h1>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save(input);
        }}
      >
        <div class={`fr-input-group ${invalid ? 'fr-input-group--error' : ''}`}>
          <label class="fr-label" for="backend-url">
            Adresse du serveur Pivot
            <span class="fr-hint-text">
              Par défaut&nbsp;: {DEFAULT_BACKEND_URL}. Une adresse en https://, ou en http:// sur cet ordinateur
              (localhost).
            </span>
          </label>
          <input
            class={`fr-input ${invalid ? 'fr-input--error' : ''}`}
            id="backend-url"
            name="backend-url"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            value={input}
            aria-invalid={invalid ? 'true' : undefined}
            aria-describedby={invalid ? 'backend-url-error' : undefined}
            onInput={(event) => setInput(event.currentTarget.value)}
          />
          {invalid && (
            <p id="backend-url-error" class="fr-error-text" role="alert">
              {status.message}
            </p>
          )}
        </div>
        <div class="pivot-actions">
          <button type="submit" class="fr-btn" disabled={status.kind === 'working'}>
            Enregistrer
          </button>
          <button type="button" class="fr-btn fr-btn--secondary" onClick={() => void test()} disabled={status.kind === 'working'}>
            Tester la connexion
          </button>
          <button
            type="button"
            class="fr-btn fr-btn--tertiary"
            onClick={() => void save(DEFAULT_BACKEND_URL)}
            disabled={status.kind === 'working'}
          >
            Rétablir l’adresse par défaut
          </button>
        </div>
      </form>
      <div class="fr-mt-3w" aria-live="polite">
        {status.kind === 'working' && <p role="status">Vérification en cours…</p>}
        {status.kind === 'refused' && (
          <Notice type="error">
            Sans votre autorisation, l’extension ne peut pas contacter ce serveur. L’adresse n’a pas été modifiée.
          </Notice>
        )}
        {(status.kind === 'saved' || status.kind === 'tested') && <HealthNotice status={status} />}
      </div>
      <h2 class="fr-h6 fr-mt-5w">Pourquoi une autorisation&nbsp;?</h2>
      <p>
        L’extension ne peut contacter que le serveur Pivot par défaut ({DEFAULT_BACKEND_URL}). Pour un autre serveur, votre
        navigateur vous demande de l’autoriser au moment où vous l’enregistrez. Changer de serveur vous déconnecte&nbsp;:
        votre session appartient au serveur qui l’a ouverte.
      </p>
    </main>
  );
}
