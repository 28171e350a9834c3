import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataSource } from '../../../extension/lib/data-api';
import type { DataClient } from '../../../extension/lib/data-client';
import type { DataReply } from '../../../extension/lib/data-messages';
import {
  fillableLabels,
  formatEuros,
  formatFactValue,
  formatFetchedAt,
  formatNumber,
  formatPeriod,
} from '../../../extension/lib/format-data';
import { DataScreen } from '../../../extension/ui/DataScreen';
import type { FillClient } from '../../../extension/lib/fill-client';
import type { PopupClient } from '../../../extension/lib/popup-client';
import { LoggedInScreen } from '../../../extension/ui/LoggedInScreen';
import { PopupApp } from '../../../extension/ui/PopupApp';
import { SourceCard } from '../../../extension/ui/SourceCard';
import { SIMULATED_DATA } from '../../fixtures/extension/data';
import { ME } from '../../fixtures/extension/me';
import { expectFrenchTypography } from '../../support/extension/typography';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const AT = '2026-11-26T09:05:00.000Z';
const TZ = 'Europe/Paris';
const REAL = SIMULATED_DATA.sources as DataSource[];
const real = (id: string) => REAL.find((s) => s.id === id) as DataSource;

afterEach(cleanup);

describe('French formatting of the data', () => {
  it('writes amounts as Intl fr-FR does, with cents only when there are some', () => {
    expect(formatEuros(12345)).toBe(`12${NNBSP}345${NBSP}€`);
    expect(formatEuros(52340)).toBe(`52${NNBSP}340${NBSP}€`);
    expect(formatEuros(1234.52)).toBe(`1${NNBSP}234,52${NBSP}€`);
    expect(formatEuros(0.2)).toBe(`0,20${NBSP}€`);
    expect(formatEuros(50)).toBe(`50${NBSP}€`);
  });

  it('writes numbers, dates, periods, yes/no and missing values in French', () => {
    expect(formatNumber(2.5)).toBe('2,5');
    expect(formatNumber(1320)).toBe(`1${NNBSP}320`);
    expect(formatFactValue({ type: 'date', value: '2024-08-24' })).toBe(`24${NBSP}août 2024`);
    expect(formatFactValue({ type: 'date', value: '2026-09-01' })).toBe(`1er${NBSP}septembre 2026`);
    expect(formatPeriod('2026-03-16/2026-03-29')).toBe(`Du 16${NBSP}mars 2026 au 29${NBSP}mars 2026`);
    expect(formatPeriod('2024-01-08/')).toBe(`Depuis le 8${NBSP}janvier 2024`);
    expect(formatPeriod('/2027-08-31')).toBe(`Jusqu’au 31${NBSP}août 2027`);
    expect(formatPeriod('/')).toBe('Non communiquée');
    expect(formatFactValue({ type: 'boolean', value: true })).toBe('Oui');
    expect(formatFactValue({ type: 'boolean', value: false })).toBe('Non');
    expect(formatFactValue({ type: 'euros', value: null })).toBe('Non communiqué');
    expect(formatFactValue({ type: 'text', value: '2026-2027' })).toBe('2026-2027');
    expect(formatFactValue({ type: 'date', value: 'bientôt' })).toBe('bientôt');
  });

  it('says when the data was fetched, in the browser’s time zone', () => {
    expect(formatFetchedAt(AT, TZ)).toBe(`Récupéré le 26${NBSP}novembre 2026 à 10${NBSP}h${NBSP}05`);
    expect(formatFetchedAt(undefined, TZ)).toBeUndefined();
  });

  it('finds the values a form could take from the kinds of its fields', () => {
    expect(fillableLabels(real('impot_particulier'), ['revenu_fiscal_reference', 'nombre_parts', 'given_name'])).toEqual([
      'Revenu fiscal de référence',
      'Nombre de parts',
    ]);
    expect(fillableLabels(real('cnam_ij'), ['revenu_fiscal_reference'])).toEqual([]);
    expect(fillableLabels({ data: undefined }, ['revenu_fiscal_reference'])).toEqual([]);
  });
});

function card(source: DataSource, fillableFields?: string[]) {
  const { container } = render(<SourceCard source={source} timeZone={TZ} fillableFields={fillableFields} />);
  const article = screen.getByRole('article', { name: source.label });
  return { container, article, text: () => article.textContent ?? '' };
}

describe('a source card', () => {
  it.each([
    ['not_found', 'Inconnu de ce service', /n’a pas de dossier à votre nom/],
    ['not_requested', 'Non demandé', /Vous n’avez pas demandé cette source à la connexion/],
    ['unavailable', 'Service indisponible', /Le service de la carte famille nombreuse n’a pas répondu à temps\.Reconnectez-vous pour réessayer\./],
    ['error', 'Erreur', /a refusé\.Reconnectez-vous pour réessayer\./],
  ] as const)('%s: badge « %s », a clear sentence, the fetch time (if fetched), and no data', (status, badge, sentence) => {
    const error = status === 'unavailable' ? 'Le service de la carte famille nombreuse n’a pas répondu à temps.' : status === 'error' ? 'Le service a refusé.' : undefined;
    const { container, article, text } = card({ id: 'famille_nombreuse', label: 'Carte famille nombreuse', status, fetchedAt: AT, ...(error ? { error } : {}) });
    expect(within(article).getByRole('heading', { level: 2 }).textContent).toBe('Carte famille nombreuse');
    expect(article.querySelector('.fr-badge')?.textContent).toBe(badge);
    expect(text()).toMatch(sentence);
    if (status === 'not_requested') expect(text()).not.toContain('Récupéré');
    else expect(text()).toContain(`Récupéré le 26${NBSP}novembre 2026 à 10${NBSP}h${NBSP}05`);
    expect(article.querySelector('details')).toBeNull();
    expect(within(article).queryByRole('button')).toBeNull(); // no « Réessayer »: only a new login reads the data again
    expectFrenchTypography(container);
  });

  it('ok: badge « Données reçues », the summary, the details behind « Voir le détail »', () => {
    const { container, article, text } = card(real('impot_particulier'));
    expect(article.querySelector('.fr-badge')?.textContent).toBe('Données reçues');
    expect(article.querySelector('.pivot-source__summary')?.textContent).toBe(real('impot_particulier').data?.summary);
    expect(text()).toMatch(/Revenus 2025\u00a0: revenu fiscal de référence de 52\u202f340\u00a0€/);
    const details = article.querySelector('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Voir le détail');
    expect(within(article).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Revenus 2025 (déclarés en 2026)',
      'Revenus 2024 (déclarés en 2025)',
      'Revenus 2023 (déclarés en 2024)',
    ]);
    expectFrenchTypography(container);
  });

  it('says which fields of the current form it could fill, only when told', () => {
    const { text } = card(real('impot_particulier'), ['Revenu fiscal de référence', 'Nombre de parts']);
    expect(text()).toContain(`Champs de ce formulaire qu’il peut remplir${NBSP}: Revenu fiscal de référence, Nombre de parts.`);
    cleanup();
    expect(card(real('impot_particulier')).text()).not.toContain('Champs de ce formulaire');
    cleanup();
    expect(card(real('impot_particulier'), []).text()).not.toContain('Champs de ce formulaire');
  });

  /** Every source's real simulated values, as the citizen reads them: [label, value] pairs of the details. */
  const EXPECTED: Record<string, Array<[string, string]>> = {
    impot_particulier: [
      ['Revenu fiscal de référence', `52${NNBSP}340${NBSP}€`],
      ['Nombre de parts', '2'],
      ['Situation de famille', 'Marié(e)'],
      ['Revenu fiscal de référence', `48${NNBSP}125${NBSP}€`],
      ['Nombre de parts', '2,5'],
      ['Personnes à charge', '1'],
    ],
    cnam_droits: [
      ['Numéro de sécurité sociale', '2620875107048'],
      ['Date de naissance', `24${NBSP}août 1962`],
      ['Médecin traitant déclaré', 'Oui'],
      ['Complémentaire santé solidaire (ex-CMU-C ou ACS)', 'Non'],
    ],
    cnam_ij: [
      ['Période indemnisée', `Du 16${NBSP}mars 2026 au 29${NBSP}mars 2026`],
      ['Jours indemnisés', '14'],
      ['Montant journalier', `48,26${NBSP}€`],
      ['Retenue CRDS', `0,24${NBSP}€`],
    ],
    mesri_statut_etudiant: [
      ['Inscrit dans l’enseignement supérieur', 'Oui'],
      ['Période', `Du 1er${NBSP}septembre 2026 au 31${NBSP}août 2027`],
      ['Régime de formation', 'formation initiale'],
    ],
    cnous_boursier: [
      ['Échelon de la bourse', '5'],
      ['Date de rentrée', `1er${NBSP}septembre 2026`],
      ['Durée de versement (mois)', '10'],
      ['Ville d’études', 'Corte'],
    ],
    dss_prestations: [
      ['Bénéficiaire', 'Oui'],
      ['Droit ouvert depuis le', `1er${NBSP}juillet 2026`],
      ['Avec participation financière', 'Oui'],
      ['Bénéficiaire', 'Non'],
    ],
    cnaf_quotient_familial: [
      ['Quotient familial', `1${NNBSP}320`],
      ['Mois concerné', 'novembre 2026'],
      ['Allocataire', 'ANGELA CLAIRE LOUISE DUBOIS'],
      ['Date de naissance', `2${NBSP}mars 1960`],
    ],
    msa_quotient_familial: [
      ['Quotient familial', '735'],
      ['Enfant', 'ROSE FAVRE'],
      ['Date de naissance', `21${NBSP}mars 2015`],
    ],
    men_scolarite: [
      ['Année scolaire', '2026-2027'],
      ['Formation', '1ERE GENERALE'],
      ['Échelon de la bourse', '3'],
    ],
    france_travail_statut: [
      ['Inscrit comme demandeur d’emploi', 'Oui'],
      ['Date d’inscription', `2${NBSP}juin 2026`],
      ['Catégorie', '1 (personne sans emploi disponible duree indeterminee plein tps)'],
    ],
    france_travail_indemnites: [
      ['Date du paiement', `4${NBSP}novembre 2026`],
      ['Montant versé', `1${NNBSP}234,52${NBSP}€`],
      ['Dont aides', `50${NBSP}€`],
      ['Dont autres paiements', `0${NBSP}€`],
      ['Montant versé', `1${NNBSP}104,32${NBSP}€`],
    ],
    famille_nombreuse: [
      ['Numéro de carte', 'FN-2023-074-004815'],
      ['Valable jusqu’au', `31${NBSP}août 2029`],
      ['Enfants pris en compte', '3'],
    ],
  };

  it.each(REAL.map((s) => [s.id, s] as const))('%s: the simulator’s real values in plain French', (id, source) => {
    const { container, article } = card(source);
    const rows = [...article.querySelectorAll('dl > div')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]);
    const expected = EXPECTED[id] ?? [];
    expect(expected.length).toBeGreaterThan(0);
    let from = 0;
    for (const pair of expected) {
      const at = rows.findIndex((row, i) => i >= from && row[0] === pair[0] && row[1] === pair[1]);
      expect(at, `${pair[0]} = ${pair[1]}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
    // No raw ISO date, no dot decimal, no unformatted boolean slips through.
    const shown = rows.map((row) => row[1]).join('\n');
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}|\btrue\b|\bfalse\b|\d\.\d/);
    expectFrenchTypography(container);
  });
});

function dataClient(...replies: DataReply[]): DataClient & { get: ReturnType<typeof vi.fn> } {
  return { get: vi.fn(async () => (replies.length > 1 ? replies.shift() : replies[0]) as DataReply) };
}

describe('« Mes données »', () => {
  it('shows one card per source in the fixed order, with how many sent data', async () => {
    const sources: DataSource[] = REAL.map((s) =>
      s.id === 'famille_nombreuse'
        ? { id: s.id, label: s.label, status: 'unavailable', error: 'Le service de la carte famille nombreuse n’a pas répondu à temps.', fetchedAt: AT }
        : s.id === 'men_scolarite'
          ? { id: s.id, label: s.label, status: 'not_requested', fetchedAt: AT }
          : s,
    );
    const { container } = render(<DataScreen client={dataClient({ ok: true, sources })} timeZone={TZ} />);
    expect(screen.getByText('Chargement de vos données…')).toBeTruthy();
    const cards = await screen.findAllByRole('article');
    expect(cards.map((c) => c.getAttribute('data-source'))).toEqual(REAL.map((s) => s.id));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Mes données');
    expect(container.textContent).toContain('10 sources ont transmis des données, sur 12.');
    expect(cards.map((c) => c.querySelector('.fr-badge')?.textContent).filter((b) => b !== 'Données reçues')).toEqual(['Non demandé', 'Service indisponible']);
    expectFrenchTypography(container);
  });

  it('says how to get data when none was requested at login', async () => {
    const sources: DataSource[] = REAL.map((s) => ({ id: s.id, label: s.label, status: 'not_requested', fetchedAt: AT }));
    const { container } = render(<DataScreen client={dataClient({ ok: true, sources })} timeZone={TZ} />);
    expect((await screen.findByRole('status')).textContent).toBe(
      'Vous n’avez demandé aucune donnée à la connexion. Pour en obtenir, déconnectez-vous, cochez les sources voulues, puis reconnectez-vous.',
    );
    expect(screen.getAllByRole('article')).toHaveLength(12);
    expect(container.querySelector('.pivot-data-count')).toBeNull();
    expectFrenchTypography(container);
  });

  it('asks what the current form could take only when the citizen says so, and says it on the cards concerned', async () => {
    const scanForm = vi.fn(async () => ['quotient_familial']);
    render(<DataScreen client={dataClient({ ok: true, sources: REAL })} scanForm={scanForm} timeZone={TZ} />);
    await screen.findAllByRole('article');
    expect(scanForm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Voir ce que ces données peuvent remplir dans la page ouverte' }));
    await waitFor(() => {
      const saying = screen.getAllByRole('article').filter((c) => c.textContent?.includes('Champs de ce formulaire')).map((c) => c.getAttribute('data-source'));
      expect(saying).toEqual(['cnaf_quotient_familial', 'msa_quotient_familial']);
    });
    expect(screen.getByRole('article', { name: 'Quotient familial (CAF)' }).textContent).toContain(
      `Champs de ce formulaire qu’il peut remplir${NBSP}: Quotient familial.`,
    );
    expect(scanForm).toHaveBeenCalledTimes(1);
  });

  it('says so when the page cannot be read, and nothing on the cards', async () => {
    render(<DataScreen client={dataClient({ ok: true, sources: REAL })} scanForm={() => Promise.reject(new Error('no tab'))} timeZone={TZ} />);
    await screen.findAllByRole('article');
    fireEvent.click(screen.getByRole('button', { name: 'Voir ce que ces données peuvent remplir dans la page ouverte' }));
    await screen.findByText('Pivot ne peut pas lire de formulaire dans cette page.');
    expect(document.body.textContent).not.toContain('Champs de ce formulaire');
  });

  it('says when there is nothing to show, or why it cannot, and lets the citizen ask the background again', async () => {
    const client = dataClient(
      { ok: false, error: { code: 'unreachable', message: 'Le serveur Pivot ne répond pas. Réessayez dans quelques instants.' } },
      { ok: true, sources: [] },
    );
    const { container } = render(<DataScreen client={client} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Le serveur Pivot ne répond pas');
    expectFrenchTypography(container);
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    await screen.findByText('Ce serveur Pivot ne propose aucune source de données.');
    expect(client.get).toHaveBeenCalledTimes(2);
  });
});

describe('logged in: « Mon identité » and « Mes données » tabs', () => {
  const noPlaces = () => Promise.resolve(undefined);

  it('opens on the identity, and moves between tabs with the arrows, Home and End', async () => {
    const client = dataClient({ ok: true, sources: REAL });
    render(<LoggedInScreen me={ME} onLogout={() => undefined} loadPlaces={noPlaces} data={client} timeZone={TZ} />);
    const [identity, data] = screen.getAllByRole('tab') as [HTMLElement, HTMLElement];
    expect(screen.getByRole('tablist', { name: 'Mon espace Pivot' })).toBeTruthy();
    expect([identity.textContent, data.textContent]).toEqual(['Mon identité', 'Mes données']);
    expect(identity.getAttribute('aria-selected')).toBe('true');
    expect(identity.tabIndex).toBe(0);
    expect(data.tabIndex).toBe(-1);
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-identity');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Mon identité certifiée');
    expect(client.get).not.toHaveBeenCalled();

    identity.focus();
    fireEvent.keyDown(identity, { key: 'ArrowRight' });
    await screen.findByRole('heading', { level: 1, name: 'Mes données' });
    expect(document.activeElement).toBe(data);
    expect(data.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').id).toBe('panel-data');
    expect(await screen.findAllByRole('article')).toHaveLength(12);

    fireEvent.keyDown(data, { key: 'Home' });
    expect(document.activeElement).toBe(identity);
    await screen.findByRole('heading', { level: 1, name: 'Mon identité certifiée' });
    fireEvent.keyDown(identity, { key: 'End' });
    expect(document.activeElement).toBe(data);
    fireEvent.keyDown(data, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(identity);
    fireEvent.click(data);
    await waitFor(() => expect(data.getAttribute('aria-selected')).toBe('true'));
  });
});

describe('the popup wires « Mes données » to the form filler', () => {
  it('asks fill/scan about the target tab when « Mes données » opens, and shows what that form could take', async () => {
    const client: PopupClient = {
      request: vi.fn(async () => ({ ok: true as const, view: { status: 'logged-in' as const, me: ME } })),
      onChanged: () => () => undefined,
      openOptions: () => undefined,
    };
    const sent: unknown[] = [];
    const fill = {
      targetTab: vi.fn(async () => 7),
      send: vi.fn(async (request: { type: string }) => {
        sent.push(request);
        if (request.type === 'agent/get') return { ok: true, active: false };
        if (request.type === 'fill/scan') return { ok: true, kinds: ['familyQuotient'], dataKeys: ['quotient_familial'] };
        return { ok: false, error: { code: 'unscripted', message: 'Pas de réponse.' } };
      }),
    } as unknown as FillClient;
    render(<PopupApp client={client} loadPlaces={() => Promise.resolve(undefined)} fill={fill} data={dataClient({ ok: true, sources: REAL })} timeZone={TZ} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Mes données' }));
    const qf = await screen.findByRole('article', { name: 'Quotient familial (CAF)' });
    expect(sent).not.toContainEqual({ type: 'fill/scan', tabId: 7 });
    fireEvent.click(screen.getByRole('button', { name: 'Voir ce que ces données peuvent remplir dans la page ouverte' }));
    await waitFor(() => expect(qf.textContent).toContain(`Champs de ce formulaire qu’il peut remplir${NBSP}: Quotient familial.`));
    expect(sent).toContainEqual({ type: 'fill/scan', tabId: 7 });
    // « Remplir ce formulaire » stays on the identity tab.
    fireEvent.click(screen.getByRole('tab', { name: 'Mon identité' }));
    await screen.findByRole('button', { name: 'Remplir ce formulaire' });
  });
});
