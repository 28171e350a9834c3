import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Places } from '../../../extension/lib/places-loader';
import { ErrorScreen } from '../../../extension/ui/ErrorScreen';
import { ExpiredScreen } from '../../../extension/ui/ExpiredScreen';
import { FranceConnectButton } from '../../../extension/ui/FranceConnectButton';
import { IdentityScreen } from '../../../extension/ui/IdentityScreen';
import { LoggedOutScreen } from '../../../extension/ui/LoggedOutScreen';
import { LoggingInScreen } from '../../../extension/ui/LoggingInScreen';
import { LoggingOutScreen } from '../../../extension/ui/LoggingOutScreen';
import { UnreachableScreen } from '../../../extension/ui/UnreachableScreen';
import { ME } from '../../fixtures/extension/me';
import { expectFrenchTypography } from '../../support/extension/typography';

const NBSP = '\u00a0';
const PLACES: Places = {
  commune: (cog) => (cog === '75107' ? { cog, commune: 'Paris 7e Arrondissement', departement: { code: '75', name: 'Paris' } } : undefined),
  country: (insee) => (insee === '99109' ? { insee, name: 'Allemagne', iso2: 'DE' } : undefined),
};
const noPlaces = () => Promise.resolve(undefined);

afterEach(cleanup);

function heading() {
  return screen.getByRole('heading', { level: 1 });
}

describe('popup screens', () => {
  describe('the FranceConnect button', () => {
    it('is the DSFR fr-connect markup with the mandatory link', () => {
      const onClick = vi.fn();
      const { container } = render(<FranceConnectButton onClick={onClick} />);
      const button = screen.getByRole('button', { name: 'S’identifier avec FranceConnect' });
      expect(container.querySelector('div.fr-connect-group > button.fr-connect[type=button]')).toBe(button);
      expect(button.querySelector('span.fr-connect__login')?.textContent).toBe('S’identifier avec');
      expect(button.querySelector('span.fr-connect__brand')?.textContent).toBe('FranceConnect');
      const link = screen.getByRole('link', { name: `Qu’est-ce que FranceConnect${NBSP}?` });
      expect(link.getAttribute('href')).toBe('https://franceconnect.gouv.fr/');
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener');
      expect(link.getAttribute('title')).toBe(`Qu’est-ce que FranceConnect${NBSP}? - nouvelle fenêtre`);
      fireEvent.click(button);
      expect(onClick).toHaveBeenCalledTimes(1);
      expectFrenchTypography(container);
    });
  });

  describe('not logged in', () => {
    it('says what Pivot does with the data and offers FranceConnect', () => {
      const onLogin = vi.fn();
      const { container } = render(<LoggedOutScreen onLogin={onLogin} />);
      expect(heading().textContent).toBe('Votre identité certifiée, dans votre navigateur');
      expect(container.textContent).toMatch(/ne la transmet qu’aux formulaires que vous choisissez de remplir/);
      fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
      expect(onLogin).toHaveBeenCalled();
      expect(screen.queryByRole('alert')).toBeNull();
      expectFrenchTypography(container);
    });

    it.each([
      ['cancelled', 'status', /Connexion annulée/],
      ['logged-out', 'status', /Vous êtes déconnecté de Pivot et de FranceConnect/],
      ['logged-out-locally', 'alert', /n’a pas pu être confirmée/],
    ] as const)('shows the %s notice', (notice, role, text) => {
      const { container } = render(<LoggedOutScreen notice={notice} onLogin={() => undefined} />);
      expect(screen.getByRole(role).textContent).toMatch(text);
      expectFrenchTypography(container);
    });
  });

  it('logging in: tells where the login continues, as a status', () => {
    const { container } = render(<LoggingInScreen />);
    expect(heading().textContent).toBe('Connexion en cours…');
    expect(screen.getByRole('status').textContent).toMatch(/fenêtre FranceConnect/);
    expectFrenchTypography(container);
  });

  it('logging out: says the identity is already wiped', () => {
    const { container } = render(<LoggingOutScreen />);
    expect(heading().textContent).toBe('Déconnexion en cours…');
    expect(screen.getByRole('status').textContent).toMatch(/effacées/);
    expectFrenchTypography(container);
  });

  describe('logged in', () => {
    it('shows « Mon identité certifiée » in French, with the certification', async () => {
      const onLogout = vi.fn();
      const { container } = render(
        <IdentityScreen me={ME} onLogout={onLogout} loadPlaces={() => Promise.resolve(PLACES)} timeZone="Europe/Paris" />,
      );
      expect(heading().textContent).toBe('Mon identité certifiée');
      const rows = () => Object.fromEntries([...container.querySelectorAll('dl > div')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]));
      await waitFor(() => expect(rows()['Lieu de naissance']).toBe('Paris 7e Arrondissement, Paris (75)'));
      expect(rows()).toEqual({
        'Nom de naissance': 'DUBOIS',
        'Nom d’usage': 'Aucun',
        Prénoms: 'Angela, Claire, Louise',
        'Date de naissance': `24${NBSP}août 1962`,
        'Lieu de naissance': 'Paris 7e Arrondissement, Paris (75)',
        'Pays de naissance': 'France',
        Sexe: 'Féminin',
        'Adresse électronique': 'wossewodda-3728@yopmail.com',
      });
      expect(container.textContent).toContain(`Certifiée par FranceConnect le 26${NBSP}novembre 2026 à 14${NBSP}h${NBSP}05, niveau eIDAS faible (eidas1).`);
      fireEvent.click(screen.getByRole('button', { name: 'Se déconnecter' }));
      expect(onLogout).toHaveBeenCalled();
      expectFrenchTypography(container);
    });

    it('shows the INSEE codes while the places data is missing, without waiting for it', () => {
      const never = () => new Promise<Places | undefined>(() => undefined);
      const me = { ...ME, identity: { ...ME.identity, birthplace: '', birthcountry: '99109' } };
      const { container } = render(<IdentityScreen me={me} onLogout={() => undefined} loadPlaces={never} />);
      expect(container.textContent).toContain('Hors de France');
      expect(container.textContent).toContain('code INSEE 99109');
      expect(container.textContent).toContain('DUBOIS');
    });

    it('falls back to the INSEE code when the places data is not available', async () => {
      const load = vi.fn(noPlaces);
      const { container } = render(<IdentityScreen me={ME} onLogout={() => undefined} loadPlaces={load} />);
      await waitFor(() => expect(load).toHaveBeenCalled());
      expect(container.textContent).toContain('code INSEE 75107');
    });

    it('does not load the places data when there is nothing to look up', () => {
      const load = vi.fn(noPlaces);
      const me = { ...ME, identity: { ...ME.identity, birthplace: '', birthcountry: '99100' } };
      render(<IdentityScreen me={me} onLogout={() => undefined} loadPlaces={load} />);
      expect(load).not.toHaveBeenCalled();
    });

    it('shows the usage name, and leaves out what the backend did not give', () => {
      const me = { identity: { ...ME.identity, preferred_username: 'MARTIN', email: undefined }, acr: undefined, authenticatedAt: undefined, source: undefined };
      const { container } = render(<IdentityScreen me={me} onLogout={() => undefined} loadPlaces={noPlaces} />);
      expect(container.textContent).toContain('MARTIN');
      expect(container.textContent).toContain('Non renseignée');
      expect(container.textContent).toContain('Certifiée par FranceConnect.');
    });

    it('says when the identity comes from the simulator', () => {
      const me = { ...ME, source: { provider: 'franceconnect', environment: 'simulator' } };
      const { container } = render(<IdentityScreen me={me} onLogout={() => undefined} loadPlaces={noPlaces} timeZone="Europe/Paris" />);
      expect(container.textContent).toContain('Certifiée par FranceConnect (simulateur) le 26');
    });
  });

  it('expired: offers to log in again', () => {
    const onLogin = vi.fn();
    const { container } = render(<ExpiredScreen onLogin={onLogin} />);
    expect(heading().textContent).toBe('Votre session a expiré');
    fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
    expect(onLogin).toHaveBeenCalled();
    expectFrenchTypography(container);
  });

  it('backend unreachable: says so, how to fix it, and offers to retry or open the options', () => {
    const onRetry = vi.fn();
    const onOpenOptions = vi.fn();
    const { container } = render(<UnreachableScreen backendUrl="http://localhost:3000" onRetry={onRetry} onOpenOptions={onOpenOptions} />);
    expect(heading().textContent).toBe('Le serveur Pivot ne répond pas');
    expect(container.textContent).toContain('http://localhost:3000');
    expect(container.textContent).toContain('npm start');
    expect(container.textContent).toMatch(/options de l’extension/);
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ouvrir les options' }));
    expect(onRetry).toHaveBeenCalled();
    expect(onOpenOptions).toHaveBeenCalled();
    expectFrenchTypography(container);
  });

  it.each([
    ['fc-error', 'FranceConnect n’a pas pu vous identifier'],
    ['login-error', 'La connexion n’a pas abouti'],
  ] as const)('%s: the message in plain French, its code, and a new try', (kind, title) => {
    const onLogin = vi.fn();
    const { container } = render(
      <ErrorScreen kind={kind} code="access_denied" message="Vous avez annulé la connexion sur FranceConnect." onLogin={onLogin} />,
    );
    expect(heading().textContent).toBe(title);
    expect(screen.getByRole('alert').textContent).toBe('Vous avez annulé la connexion sur FranceConnect.');
    expect(container.textContent).toContain(`Code de l’erreur${NBSP}: access_denied`);
    fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
    expect(onLogin).toHaveBeenCalled();
    expectFrenchTypography(container);
  });

  it('moves focus to the title when asked (a screen that replaced another)', () => {
    render(<ExpiredScreen onLogin={() => undefined} focusTitle />);
    expect(document.activeElement).toBe(heading());
  });

  it('leaves focus alone on the first screen', () => {
    render(<ExpiredScreen onLogin={() => undefined} />);
    expect(document.activeElement).not.toBe(heading());
  });
});
