import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FillClient } from '../../../extension/lib/fill-client';
import type { FillReplyOf, FillRequest, FillRequestType } from '../../../extension/lib/fill-messages';
import type { SessionReply, SessionRequest } from '../../../extension/lib/messages';
import type { PopupClient } from '../../../extension/lib/popup-client';
import { AgentScreen } from '../../../extension/ui/AgentScreen';
import { FillFlow } from '../../../extension/ui/FillFlow';
import { PopupApp } from '../../../extension/ui/PopupApp';
import { ME } from '../../fixtures/extension/me';
import { expectFrenchTypography } from '../../support/extension/typography';

type Answers = { [T in FillRequestType]?: FillReplyOf<T> | FillReplyOf<T>[] };

/** A background that answers fill/* and agent/* from a script and records what the popup asked. */
function scriptedFill(answers: Answers, tab: number | null = 12) {
  const asked: FillRequest[] = [];
  const client: FillClient & { asked: FillRequest[] } = {
    asked,
    targetTab: async () => tab ?? undefined,
    send: (async (request: FillRequest) => {
      asked.push(request);
      const answer = answers[request.type] as unknown;
      const reply = Array.isArray(answer) ? (answer.length > 1 ? answer.shift() : answer[0]) : answer;
      return reply ?? { ok: false, error: { code: 'unscripted', message: 'Pas de réponse.' } };
    }) as FillClient['send'],
  };
  return client;
}

const PAGE = 'f'.repeat(32);

const PREVIEW: FillReplyOf<'fill/preview'> = {
  ok: true,
  page: PAGE,
  items: [
    { id: 'pf1', label: 'Nom de naissance', value: 'DUBOIS', preselected: true },
    { id: 'pf2', label: 'Courriel', value: 'angela@example.org', preselected: true },
    { id: 'pf3', label: 'Ville', value: 'Paris 7e Arrondissement', preselected: false },
  ],
  skipped: [{ reason: 'Concernent une autre personne (conjoint, enfant, représentant…)', labels: ['Nom du conjoint', 'Prénom du conjoint'] }],
};

const FILLED: FillReplyOf<'fill/confirm'> = {
  ok: true,
  filled: [{ label: 'Nom de naissance', value: 'DUBOIS' }],
  problems: [{ reason: 'Refusés ou effacés par la page', labels: ['Courriel'] }],
  revealed: 0,
};

afterEach(cleanup);

describe('« Remplir ce formulaire »', () => {
  it('previews every field with its value and a checkbox, confident ones ticked, nothing written yet', async () => {
    const client = scriptedFill({ 'fill/preview': PREVIEW });
    const { container } = render(<FillFlow client={client} onClose={() => undefined} />);
    await screen.findByRole('heading', { name: 'Remplir ce formulaire' });
    expect(client.asked).toEqual([{ type: 'fill/preview', tabId: 12 }]);
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, true, false]);
    // Each checkbox is named by the page's label and the value, for screen readers.
    expect(screen.getByRole('checkbox', { name: /Nom de naissance\s*DUBOIS/ })).toBeTruthy();
    expect(screen.getByText(/Paris 7e Arrondissement \(à vérifier\)/)).toBeTruthy();
    expect(screen.getByRole('group', { name: /^Champs reconnus sur la page/ })).toBeTruthy();
    expect(container.querySelector('.pivot-skipped')?.textContent).toContain('Nom du conjoint, Prénom du conjoint');
    expectFrenchTypography(container);
  });

  it('fills the ticked fields only, shows the result, and undoes', async () => {
    const client = scriptedFill({ 'fill/preview': PREVIEW, 'fill/confirm': FILLED, 'fill/undo': { ok: true, restored: 1, kept: 0 } });
    const { container } = render(<FillFlow client={client} onClose={() => undefined} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: /Courriel/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Ville/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Remplir les champs sélectionnés' }));
    await screen.findByRole('heading', { name: 'Formulaire rempli' });
    expect(client.asked[1]).toEqual({ type: 'fill/confirm', tabId: 12, page: PAGE, ids: ['pf1', 'pf3'] });
    expect(container.textContent).toContain('1\u00a0champ rempli. Relisez le formulaire avant de l’envoyer.');
    expect(container.textContent).toContain('1\u00a0champ choisi n’a pas pu être rempli\u00a0: la page l’a refusé, modifié ou retiré.');
    expectFrenchTypography(container);
    fireEvent.click(screen.getByRole('button', { name: 'Annuler le remplissage' }));
    await screen.findByRole('heading', { name: 'Remplissage annulé' });
    expect(client.asked[2]).toEqual({ type: 'fill/undo', tabId: 12 });
    expect(container.textContent).toContain('1\u00a0champ a retrouvé sa valeur d’avant le remplissage.');
    expectFrenchTypography(container);
  });

  it('cannot confirm an empty choice', async () => {
    const client = scriptedFill({ 'fill/preview': { ...PREVIEW, items: [PREVIEW.ok ? PREVIEW.items[0]! : never()] } });
    render(<FillFlow client={client} onClose={() => undefined} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: /Nom de naissance/ }));
    expect((screen.getByRole('button', { name: 'Remplir les champs sélectionnés' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers to complete the form when fields appeared during the fill', async () => {
    const client = scriptedFill({ 'fill/preview': PREVIEW, 'fill/confirm': { ...FILLED, problems: [], revealed: 2 } });
    const { container } = render(<FillFlow client={client} onClose={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Remplir les champs sélectionnés' }));
    await screen.findByRole('button', { name: 'Compléter le formulaire' });
    expect(container.textContent).toContain('2\u00a0nouveaux champs sont apparus pendant le remplissage. Pivot ne les a pas remplis sans votre accord.');
    fireEvent.click(screen.getByRole('button', { name: 'Compléter le formulaire' }));
    await waitFor(() => expect(client.asked.at(-1)).toEqual({ type: 'fill/preview', tabId: 12 }));
  });

  it('says when there is nothing to fill, and goes back', async () => {
    const onClose = vi.fn();
    render(<FillFlow client={scriptedFill({ 'fill/preview': { ok: true, page: PAGE, items: [], skipped: [] } })} onClose={onClose} />);
    await screen.findByRole('heading', { name: 'Rien à remplir ici' });
    fireEvent.click(screen.getByRole('button', { name: 'Retour' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('shows the background’s French message when the page cannot be filled', async () => {
    const message = 'Pivot ne peut pas remplir les pages du navigateur (paramètres, extensions, nouvel onglet…).';
    const { container } = render(<FillFlow client={scriptedFill({ 'fill/preview': { ok: false, error: { code: 'restricted', message } } })} onClose={() => undefined} />);
    await screen.findByRole('heading', { name: 'Impossible de remplir cette page' });
    expect(screen.getByRole('alert').textContent).toBe(message);
    expectFrenchTypography(container);
  });

  it('without a tab, says so without asking the background', async () => {
    const client = scriptedFill({}, null);
    render(<FillFlow client={client} onClose={() => undefined} />);
    await screen.findByRole('heading', { name: 'Impossible de remplir cette page' });
    expect(client.asked).toEqual([]);
  });
});

describe('agent mode', () => {
  const VERIFIED: FillReplyOf<'agent/verify'> = {
    ok: true,
    entries: [
      { label: 'Nom', displayed: 'DUBOIS', certified: 'DUBOIS', result: 'match' },
      { label: 'Né(e) le', displayed: '24/08/1963', certified: '24/08/1962', result: 'mismatch' },
    ],
    unchecked: 0,
  };

  it('compares the page and lists each datum « Concorde » / « Ne concorde pas »', async () => {
    const client = scriptedFill({ 'agent/verify': VERIFIED });
    const onFinish = vi.fn();
    const { container } = render(<AgentScreen client={client} me={ME} onFinish={onFinish} />);
    expect(container.textContent).toContain('Angela Claire Louise DUBOIS');
    fireEvent.click(screen.getByRole('button', { name: 'Comparer avec la page' }));
    const list = await screen.findByRole('list', { name: 'Résultat de la comparaison' });
    const items = [...list.querySelectorAll('li')].map((li) => li.textContent);
    expect(items[0]).toContain('Concorde');
    expect(items[0]).not.toContain('Certifié');
    expect(items[1]).toContain('Ne concorde pas');
    expect(items[1]).toContain('Sur la page\u00a0: 24/08/1963');
    expect(items[1]).toContain('Certifié\u00a0: 24/08/1962');
    expect(container.textContent).toContain('1\u00a0donnée ne concorde pas avec l’identité certifiée.');
    expectFrenchTypography(container);
    fireEvent.click(screen.getByRole('button', { name: 'Terminer la vérification' }));
    expect(onFinish).toHaveBeenCalledWith(12);
  });

  it('shows the error when the page cannot be checked', async () => {
    const client = scriptedFill({ 'agent/verify': { ok: false, error: { code: 'restricted', message: 'Pivot ne peut pas lire cette page.' } } });
    render(<AgentScreen client={client} me={ME} onFinish={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Comparer avec la page' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pivot ne peut pas lire cette page.');
  });
});

describe('the popup with filling and agent mode', () => {
  function session(answers: Partial<Record<SessionRequest['type'], SessionReply>>): PopupClient & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      request: async (r) => {
        asked.push(r.type);
        return answers[r.type] ?? { ok: false, error: { code: 'unscripted', message: 'Pas de réponse.' } };
      },
      onChanged: () => () => undefined,
      openOptions: () => undefined,
    };
  }
  const loggedIn: SessionReply = { ok: true, view: { status: 'logged-in', me: ME } };

  it('offers « Vérifier une identité » when logged out, which starts agent mode and the login', async () => {
    const fill = scriptedFill({ 'agent/get': { ok: true, active: false }, 'agent/start': { ok: true, view: { status: 'logging-in' } } });
    const { container } = render(<PopupApp client={session({ 'session/get': { ok: true, view: { status: 'logged-out' } } })} fill={fill} loadPlaces={async () => undefined} />);
    expect(await screen.findByText(/Un usager se connecte ici, sur votre navigateur/)).toBeTruthy();
    expectFrenchTypography(container);
    fireEvent.click(screen.getByRole('button', { name: 'Vérifier une identité' }));
    await screen.findByRole('heading', { name: 'Connexion en cours…' });
    expect(fill.asked.map((r) => r.type)).toContain('agent/start');
  });

  it('logged in: « Remplir ce formulaire » opens the preview', async () => {
    const fill = scriptedFill({ 'agent/get': { ok: true, active: false }, 'fill/preview': PREVIEW });
    render(<PopupApp client={session({ 'session/get': loggedIn, 'session/refresh': loggedIn })} fill={fill} loadPlaces={async () => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Remplir ce formulaire' }));
    await screen.findByRole('heading', { name: 'Remplir ce formulaire' });
    fireEvent.click(screen.getByRole('button', { name: 'Retour' }));
    await screen.findByRole('heading', { name: 'Mon identité certifiée' });
  });

  it('logged in after a fill of this tab: offers « Annuler le remplissage » again', async () => {
    const fill = scriptedFill({ 'agent/get': { ok: true, active: false }, 'fill/status': { ok: true, undoable: true, filled: 5 }, 'fill/undo': { ok: true, restored: 5, kept: 0 } });
    const { container } = render(<PopupApp client={session({ 'session/get': loggedIn, 'session/refresh': loggedIn })} fill={fill} loadPlaces={async () => undefined} />);
    const button = await screen.findByRole('button', { name: 'Annuler le remplissage' });
    expect(container.textContent).toContain('Pivot a rempli 5\u00a0champs sur cette page.');
    expectFrenchTypography(container);
    fireEvent.click(button);
    await screen.findByRole('heading', { name: 'Remplissage annulé' });
    expect(fill.asked).toContainEqual({ type: 'fill/status', tabId: 12 });
    expect(fill.asked).toContainEqual({ type: 'fill/undo', tabId: 12 });
    expect(container.textContent).toContain('5\u00a0champs ont retrouvé leur valeur');
  });

  it('logged in in agent mode: the verification screen, and « Terminer la vérification » logs out', async () => {
    const fill = scriptedFill({ 'agent/get': [{ ok: true, active: true }, { ok: true, active: false }], 'agent/finish': { ok: true, view: { status: 'logging-out' } } });
    render(<PopupApp client={session({ 'session/get': loggedIn, 'session/refresh': loggedIn })} fill={fill} loadPlaces={async () => undefined} />);
    await screen.findByRole('heading', { name: 'Vérification d’identité' });
    expect(screen.queryByRole('button', { name: 'Remplir ce formulaire' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Terminer la vérification' }));
    await screen.findByRole('heading', { name: 'Déconnexion en cours…' });
    expect(fill.asked.map((r) => r.type)).toContain('agent/finish');
  });
});

function never(): never {
  throw new Error('unreachable');
}
