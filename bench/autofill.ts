/**
 * Autofill engine bench: scan/plan/fill time, measured inside the page with performance.now(), in
 * Debian's Chromium, on (1) a generated ~600-field administrative form, (2) every fixture form, and
 * (3) a page holding a 20,000-option select next to the same page without it.
 *
 * `runAutofillBench()` is what `npm run bench` calls; `npx tsx bench/autofill.ts` runs it alone and
 * prints the figures. Uses dist/pivot-autofill.js (built if missing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { allCountries, departementByCode } from '../extension/lib/places';
import { CITIZENS } from '../test/fixtures/citizens';

export interface AutofillBenchResult {
  name: string;
  /** Milliseconds, page clock. */
  median: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
  unit: 'ms';
  /**
   * Median main-thread CPU time of the same calls (Chromium's ThreadTime), less sensitive than the
   * page clock to other processes competing for the machine's cores.
   */
  cpuMedian?: number;
  /** What this figure should be read against (a budget, or the same page without the hard part). */
  reference?: { name: string; median: number };
  detail?: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FORMS = join(ROOT, 'test/fixtures/forms');
const BUNDLE = join(ROOT, 'dist/pivot-autofill.js');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

function summary(name: string, samples: number[], extra: Partial<AutofillBenchResult> = {}): AutofillBenchResult {
  const round = (n: number) => Math.round(n * 100) / 100;
  return { name, median: round(quantile(samples, 0.5)), p95: round(quantile(samples, 0.95)), min: round(Math.min(...samples)), max: round(Math.max(...samples)), runs: samples.length, unit: 'ms', ...extra };
}

// ——— the generated ~600-field page ———

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** A long benefit application: the citizen, a spouse, ten children, monthly resources, housing, work history, contacts. */
export function generatedForm(): { html: string; fields: number } {
  let fields = 0;
  const countryOptions = `<option value="">--</option>${allCountries().filter((c) => c.iso2).map((c) => `<option value="${c.iso2}">${esc(c.name)}</option>`).join('')}`;
  const depCodes = [...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '20'), '2A', '2B', '971', '972', '973', '974', '976'];
  const depOptions = `<option value="">--</option>${depCodes.map((c) => `<option value="${c}">${c} - ${esc(departementByCode(c)?.name ?? c)}</option>`).join('')}`;
  const input = (id: string, label: string, attrs = '') => {
    fields++;
    return `<div class="f"><label for="${id}">${label}</label><input id="${id}" name="${id}" ${attrs}></div>`;
  };
  const sel = (id: string, label: string, opts: string) => {
    fields++;
    return `<div class="f"><label for="${id}">${label}</label><select id="${id}" name="${id}">${opts}</select></div>`;
  };
  const yesNo = (id: string, question: string) => {
    fields += 2;
    return `<fieldset class="f"><legend>${question}</legend><label><input type="radio" name="${id}" value="oui"> Oui</label><label><input type="radio" name="${id}" value="non"> Non</label></fieldset>`;
  };
  const person = (p: string, title: string) => `<section><h2>${title}</h2>
    ${sel(`${p}_civ`, 'Civilité', '<option value="">--</option><option value="M">Monsieur</option><option value="MME">Madame</option>')}
    ${input(`${p}_nom`, 'Nom de naissance')}${input(`${p}_nomu`, 'Nom d’usage')}${input(`${p}_prenoms`, 'Prénoms')}
    <fieldset><legend>Date de naissance</legend>${input(`${p}_j`, 'Jour', 'maxlength="2"')}${input(`${p}_m`, 'Mois', 'maxlength="2"')}${input(`${p}_a`, 'Année', 'maxlength="4"')}</fieldset>
    <fieldset><legend>Lieu de naissance</legend>${sel(`${p}_pays`, 'Pays', countryOptions)}${sel(`${p}_dep`, 'Département', depOptions)}${input(`${p}_commune`, 'Commune')}</fieldset>
    ${input(`${p}_mail`, 'Adresse électronique', 'type="email"')}${input(`${p}_mail2`, 'Confirmation de l’adresse électronique', 'type="email"')}
    ${input(`${p}_tel`, 'Téléphone', 'type="tel"')}${input(`${p}_nir`, 'Numéro de sécurité sociale')}
    ${input(`${p}_adr`, 'Adresse')}${input(`${p}_cp`, 'Code postal')}${input(`${p}_ville`, 'Commune de résidence')}
    ${input(`${p}_profession`, 'Profession')}${input(`${p}_employeur`, 'Employeur')}</section>`;
  const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  const columns = ['Salaires', 'Indemnités chômage', 'Pensions', 'Revenus fonciers', 'Prestations', 'Autres revenus', 'Heures travaillées', 'Jours d’arrêt', 'Commentaire'];
  const resources = (p: string, title: string) => {
    let rows = '';
    for (const [i, m] of months.entries()) {
      rows += `<tr><th>${m}</th>${columns.map((c, j) => { fields++; return `<td><input name="${p}_res_${i}_${j}" aria-label="${c} ${m}"></td>`; }).join('')}</tr>`;
    }
    return `<section><h2>${title}</h2><table><thead><tr><th>Mois</th>${columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></section>`;
  };
  let children = '<section><h2>Vos enfants à charge</h2>';
  for (let i = 1; i <= 12; i++) {
    children += `<h3>Enfant ${i}</h3>${input(`e${i}_nom`, 'Nom')}${input(`e${i}_prenom`, 'Prénom')}${input(`e${i}_ddn`, 'Date de naissance', 'placeholder="JJ/MM/AAAA"')}${sel(`e${i}_sexe`, 'Sexe', '<option value=""></option><option>F</option><option>M</option>')}${input(`e${i}_ecole`, 'Établissement scolaire')}${yesNo(`e${i}_garde`, 'Garde alternée ?')}`;
  }
  children += '</section>';
  let housing = '<section><h2>Votre logement</h2>';
  for (let i = 1; i <= 40; i++) housing += input(`log_${i}`, ['Loyer mensuel', 'Charges', 'Surface (m²)', 'Nombre de pièces', 'Nom du bailleur', 'Date d’entrée dans le logement'][i % 6]!);
  for (let i = 1; i <= 40; i++) housing += yesNo(`logq_${i}`, `Question logement n° ${i}`);
  housing += '</section>';
  let work = '<section><h2>Votre parcours professionnel</h2>';
  for (let i = 1; i <= 12; i++) work += `<h3>Emploi ${i}</h3>${input(`w${i}_emp`, 'Nom de l’employeur')}${input(`w${i}_siret`, 'SIRET')}${input(`w${i}_debut`, 'Date de début', 'type="date"')}${input(`w${i}_fin`, 'Date de fin', 'type="date"')}${input(`w${i}_poste`, 'Poste occupé')}${input(`w${i}_ville`, 'Ville')}${sel(`w${i}_contrat`, 'Type de contrat', '<option></option><option>CDI</option><option>CDD</option><option>Intérim</option>')}`;
  work += '</section>';
  let contacts = '<section><h2>Personnes à contacter</h2>';
  for (let i = 1; i <= 6; i++) contacts += `<h3>Contact ${i}</h3>${input(`c${i}_nom`, 'Nom')}${input(`c${i}_prenom`, 'Prénom')}${input(`c${i}_tel`, 'Téléphone')}${input(`c${i}_mail`, 'Courriel')}${input(`c${i}_lien`, 'Lien avec vous')}`;
  contacts += '</section>';
  let docs = '<section><h2>Pièces jointes</h2>';
  for (let i = 1; i <= 30; i++) { fields++; docs += `<label><input type="checkbox" name="doc_${i}"> Pièce n° ${i} fournie</label>`; }
  docs += '</section>';
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Demande d’aide – dossier complet</title>
    <style>body{font-family:Arial,sans-serif;margin:1rem}.f{margin:.3rem 0}label{margin-right:.5rem}td input{width:5rem}</style></head>
    <body><h1>Demande d’aide au logement et de prime d’activité</h1><form method="post" action="#">
    ${person('vous', 'Vous (demandeur)')}${person('conj', 'Votre conjoint')}${children}${resources('vous', 'Vos ressources mensuelles')}${resources('conj', 'Ressources de votre conjoint')}${housing}${work}${contacts}${docs}
    <button type="submit">Envoyer</button></form></body></html>`;
  return { html, fields };
}

/**
 * A short form. `big`: none, a 20,000-option « Commune de résidence » select that the engine must
 * read past and leave alone, or a 20,000-option « Commune de naissance » select that it must fill.
 */
function selectPage(big: 'none' | 'untouched' | 'filled'): string {
  const many = (target: string) => Array.from({ length: 20_000 }, (_, i) => (i === 19_990 ? target : `<option value="C${i}">Commune n° ${i}</option>`)).join('');
  const paris = '<option value="75107">Paris 7e arrondissement</option>';
  const birth = big === 'filled' ? many(paris) : `<option value="75056">Paris</option>${paris}<option value="13055">Marseille</option>`;
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Liste</title></head><body><form>
    <p><label for="nom">Nom de naissance</label><input id="nom" name="nom"></p>
    <p><label for="prenoms">Prénoms</label><input id="prenoms" name="prenoms"></p>
    <p><label for="ddn">Date de naissance</label><input id="ddn" name="ddn" type="date"></p>
    <p><label for="mail">Courriel</label><input id="mail" name="mail" type="email"></p>
    ${big === 'untouched' ? `<p><label for="res">Commune de résidence</label><select id="res" name="res"><option value="">--</option>${many('<option value="X">Commune n° 19990</option>')}</select></p>` : ''}
    <p><label for="cn">Commune de naissance</label><select id="cn" name="cn"><option value="">--</option>${birth}</select></p>
    </form></body></html>`;
}

// ——— measuring ———

async function timeInPage(page: Page, expression: string): Promise<number> {
  return (await page.evaluate(`(async () => { const t = performance.now(); await ${expression}; return performance.now() - t; })()`)) as number;
}

/** Page-clock time and main-thread CPU time of one call. */
async function timeAndCpu(page: Page, expression: string): Promise<[number, number]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const thread = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
  const before = await thread();
  const wall = await timeInPage(page, expression);
  const cpu = (await thread()) - before;
  await cdp.detach();
  return [wall, cpu];
}

export async function runAutofillBench(options: { runs?: number; log?: (m: string) => void } = {}): Promise<AutofillBenchResult[]> {
  const runs = options.runs ?? 15;
  const log = options.log ?? (() => {});
  if (!existsSync(BUNDLE)) execFileSync('npm', ['run', '-s', 'build:autofill'], { cwd: ROOT, stdio: 'ignore' });
  const claims = CITIZENS.find((c) => c.id === 'dubois')!.claims;
  const generated = generatedForm();
  const pages: Record<string, string> = {
    '/generated.html': generated.html,
    '/select-none.html': selectPage('none'),
    '/select-untouched.html': selectPage('untouched'),
    '/select-filled.html': selectPage('filled'),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/pivot-autofill.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(BUNDLE));
    else if (pages[path]) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[path]);
    else if (path.startsWith('/forms/') && existsSync(join(FORMS, path.slice(7)))) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FORMS, path.slice(7))));
    else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const results: AutofillBenchResult[] = [];
  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage();
    await page.goto(base + path, { waitUntil: 'load' });
    await page.addScriptTag({ url: `${base}/pivot-autofill.js` });
    return page;
  };
  /** scan, plan and fill (undo between fills) `runs` times after two warm-up rounds. */
  const measure = async (path: string, label: string, extra: (kind: string) => Partial<AutofillBenchResult> = () => ({})) => {
    const page = await open(path);
    const scan: number[] = [];
    const fill: number[] = [];
    const scanCpu: number[] = [];
    const fillCpu: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const [s, sc] = await timeAndCpu(page, 'window.pivotAutofill.scan()');
      const [f, fc] = await timeAndCpu(page, `window.pivotAutofill.fill(${JSON.stringify(claims)})`);
      if (i >= 2) { scanCpu.push(sc); fillCpu.push(fc); }
      // Undo, then let the page lay itself out again outside the timed region: otherwise the next
      // timed call pays for re-laying out what undo() changed (a 20,000-option select costs a lot).
      await page.evaluate('window.pivotAutofill.undo().then(() => document.body.getBoundingClientRect())');
      if (i >= 2) { scan.push(s); fill.push(f); }
    }
    await page.close();
    const cpu = (samples: number[]) => Math.round(quantile(samples, 0.5) * 100) / 100;
    const out = [
      summary(`scan: ${label}`, scan, { cpuMedian: cpu(scanCpu), ...extra('scan') }),
      summary(`fill: ${label}`, fill, { cpuMedian: cpu(fillCpu), ...extra('fill') }),
    ];
    results.push(...out);
    log(`${label}: scan ${out[0]!.median} ms (CPU ${out[0]!.cpuMedian}), fill ${out[1]!.median} ms (CPU ${out[1]!.cpuMedian}) (median of ${runs})`);
    return out;
  };
  try {
    // 1. The generated ~600-field form, warm and cold (the first fill loads the commune table).
    await measure('/generated.html', `generated form (${generated.fields} fields)`, () => ({ reference: { name: 'budget', median: 15 } }));
    // The citizen's real sequence on a freshly loaded page: preview (plan), then fill; the engine is cold.
    const firstCalls = async (path: string, label: string) => {
      const plans: number[] = [];
      const fills: number[] = [];
      for (let i = 0; i < Math.max(5, Math.round(runs / 2)); i++) {
        const page = await open(path);
        plans.push(await timeInPage(page, `window.pivotAutofill.plan(${JSON.stringify(claims)})`));
        fills.push(await timeInPage(page, `window.pivotAutofill.fill(${JSON.stringify(claims)})`));
        await page.close();
      }
      const out = [
        summary(`first plan() on a fresh page: ${label}`, plans, { detail: 'cold engine; includes loading the commune table' }),
        summary(`first fill() on a fresh page, after plan(): ${label}`, fills, { detail: 'cold engine' }),
      ];
      results.push(...out);
      log(`${label}: first plan ${out[0]!.median} ms, first fill ${out[1]!.median} ms`);
    };
    await firstCalls('/generated.html', `generated form (${generated.fields} fields)`);
    // 2. A 20,000-option select, against the same page without it.
    const [noneScan, noneFill] = await measure('/select-none.html', 'short form without a big select');
    const ref = (k: string) => ({ reference: { name: 'same form without it', median: (k === 'scan' ? noneScan : noneFill)!.median } });
    await measure('/select-untouched.html', 'short form with a 20,000-option select it leaves alone', ref);
    await measure('/select-filled.html', 'short form whose birthplace select has 20,000 options', (k) => ({
      ...ref(k),
      detail: 'fill includes Chromium laying out the select again after its selection changed',
    }));
    await firstCalls('/select-none.html', 'short form without a big select');
    await firstCalls('/select-untouched.html', 'short form with a 20,000-option select it leaves alone');
    // 3. Every fixture form.
    const fixtures = (await import('node:fs')).readdirSync(FORMS).filter((f) => f.endsWith('.html') && !f.endsWith('-inner.html') && !f.startsWith('backoffice-')).sort();
    for (const f of fixtures) {
      await measure(`/forms/${f}`, f, () => (/bourse/.test(f) ? { detail: 'fill includes waiting for options the page loads late' } : {}));
    }
  } finally {
    await browser.close();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  runAutofillBench({ log: (m) => console.log(`autofill: ${m}`) }).then(
    (results) => {
      console.log('\n| figure | median (ms) | p95 (ms) | min (ms) | CPU median (ms) | runs | reference / note |\n|---|---:|---:|---:|---:|---:|---|');
      for (const r of results) console.log(`| ${r.name} | ${r.median} | ${r.p95} | ${r.min} | ${r.cpuMedian ?? ''} | ${r.runs} | ${[r.reference ? `${r.reference.name}: ${r.reference.median} ms` : '', r.detail ?? ''].filter(Boolean).join('; ')} |`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
