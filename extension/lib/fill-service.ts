/**
 * The background's side of filling a form and of agent mode: reaches the tab (tab-access.ts), asks
 * the form filler what the page has, sends it only the claims those fields need, and turns the
 * engine's answers into what the popup shows. Nothing is written in the page before `fill/confirm`,
 * which the popup sends only on the citizen's « Remplir les champs sélectionnés ».
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { dataKeyOf } from '../autofill/data-kinds';
import { agentStore } from './agent-store';
import {
  ClearReplySchema,
  FillReplySchema,
  PlanReplySchema,
  ScanReplySchema,
  UndoReplySchema,
  VerifyReplySchema,
  type PageClaims,
  type PageData,
} from './content-messages';
import { claimsFor, dataFor } from './fill-claims';
import type { FillError, FillReplyOf, FillRequest, FillRequestType } from './fill-messages';
import { groupSkipped, TAB_MESSAGES } from './fill-text';
import type { Identity } from './messages';
import type { SessionService } from './session-service';
import { KEYS } from './storage';
import { TabError, type TabAccess } from './tab-access';

/** Fields the engine is at least this sure about are ticked in the preview; the others wait for the citizen. */
export const PRESELECT_CONFIDENCE = 0.75;

/** Skip reasons that mean a chosen field could not be written (the rest was expected from the preview). */
const FILL_PROBLEMS = ['rejected', 'gone', 'no-matching-option', 'too-long', 'pattern-mismatch', 'user-value', 'prefilled', 'readonly', 'disabled', 'hidden', 'no-claim', 'no-data'];

type Failure = keyof typeof TAB_MESSAGES;

class FillFailure extends Error {
  constructor(readonly code: Failure) {
    super(code);
    this.name = 'FillFailure';
  }
}

export interface FillServiceDeps {
  session: Pick<SessionService, 'view' | 'login' | 'logout'>;
  tabs: TabAccess;
  /** The citizen's data values by data kind (revenu fiscal de référence…), when the data sources gave some. */
  data?: () => Promise<PageData | undefined>;
  now?: () => number;
}

export type FillService = ReturnType<typeof createFillService>;

export function createFillService(deps: FillServiceDeps) {
  const { tabs } = deps;
  const now = deps.now ?? (() => Date.now());

  async function identity(): Promise<Identity> {
    const view = await deps.session.view();
    if (view.status !== 'logged-in') throw new FillFailure('not-logged-in');
    return view.me.identity;
  }

  async function scan(tabId: number) {
    await tabs.check(tabId);
    await tabs.ensureFiller(tabId);
    const reply = await tabs.send(tabId, { type: 'content/scan' }, ScanReplySchema);
    if (!reply.ok) throw new FillFailure('engine-failed');
    if (/pdf/i.test(reply.contentType)) throw new TabError('pdf');
    return reply;
  }

  /** The page's recognised fields, and the claims and data values they need (nothing more). */
  async function prepare(tabId: number): Promise<{ claims: PageClaims; data: PageData | undefined; fieldIds: Set<string>; ignored: { label: string; reason: string }[]; page: string }> {
    const citizen = await identity();
    const found = await scan(tabId);
    const kinds = new Set(found.fields.map((f) => f.kind));
    const data = kinds.size ? dataFor(await deps.data?.().catch(() => undefined), kinds) : undefined;
    return { claims: claimsFor(citizen, kinds), data, fieldIds: new Set(found.fields.map((f) => f.id)), ignored: found.ignored, page: found.page };
  }

  async function run<T extends FillRequestType>(request: Extract<FillRequest, { type: T }>): Promise<FillReplyOf<T>>;
  async function run(request: FillRequest): Promise<FillReplyOf<FillRequestType>> {
    switch (request.type) {
      case 'fill/scan': {
        const found = await scan(request.tabId);
        const kinds = [...new Set(found.fields.map((f) => f.kind))].slice(0, 100);
        const dataKeys = kinds.map(dataKeyOf).filter((k): k is NonNullable<typeof k> => k !== undefined);
        return { ok: true, kinds, dataKeys };
      }
      case 'fill/preview': {
        const { claims, data, fieldIds, ignored, page } = await prepare(request.tabId);
        if (fieldIds.size === 0) return { ok: true, page, items: [], skipped: groupSkipped(ignored) };
        const plan = await tabs.send(request.tabId, { type: 'content/plan', claims, ...(data ? { data } : {}) }, PlanReplySchema);
        if (!plan.ok) throw new FillFailure('engine-failed');
        return {
          ok: true,
          page,
          items: plan.items.map((i) => ({ id: i.id, label: i.label, value: i.value, preselected: i.confidence >= PRESELECT_CONFIDENCE })),
          skipped: groupSkipped(plan.skipped, ['not-selected']),
        };
      }
      case 'fill/confirm': {
        const { claims, data, fieldIds, page } = await prepare(request.tabId);
        // Field ids are the filler's own: in a page reloaded or changed since the preview, the same
        // ids would name fields the citizen never saw.
        if (page !== request.page) throw new TabError('page-changed');
        const chosen = new Set(request.ids);
        const report = await tabs.send(request.tabId, { type: 'content/fill', claims, ...(data ? { data } : {}), only: request.ids }, FillReplySchema);
        if (!report.ok) throw new FillFailure('engine-failed');
        if (report.filled.length) {
          // Undo restores every fill of this page since the last undo (the engine keeps one journal).
          const last = await lastFill.get();
          const before = last && last.tabId === request.tabId && last.page === page ? last.filled : 0;
          await lastFill.set({ tabId: request.tabId, page, filled: before + report.filled.length });
        }
        return {
          ok: true,
          filled: report.filled.map((f) => ({ label: f.label, value: f.value })),
          problems: groupSkipped(report.skipped.filter((s) => chosen.has(s.id) && FILL_PROBLEMS.includes(s.reason))),
          revealed: report.skipped.filter((s) => s.reason === 'not-selected' && !fieldIds.has(s.id)).length,
        };
      }
      case 'fill/undo': {
        await tabs.check(request.tabId);
        const undo = await tabs.send(request.tabId, { type: 'content/undo' }, UndoReplySchema);
        if (!undo.ok) throw new FillFailure('engine-failed');
        await lastFill.clear();
        return { ok: true, restored: undo.restored, kept: undo.kept };
      }
      case 'fill/status': {
        const last = await lastFill.get();
        if (!last || last.tabId !== request.tabId) return { ok: true, undoable: false, filled: 0 };
        // The undo journal lives in the filler: gone with the page it filled (another page, another token).
        if ((await tabs.ping(request.tabId)) !== last.page) {
          await lastFill.clear();
          return { ok: true, undoable: false, filled: 0 };
        }
        return { ok: true, undoable: true, filled: last.filled };
      }
      case 'agent/get': {
        if (!(await agentStore.get())) return { ok: true, active: false };
        // A login that was cancelled or failed ends agent mode: nobody is being checked.
        const view = await deps.session.view();
        if (view.status === 'logged-in' || view.status === 'logging-in') return { ok: true, active: true };
        // …and leaves nothing behind: no marks on the agent's pages, nothing of the citizen stored.
        await clearAgentTraces([]);
        return { ok: true, active: false };
      }
      case 'agent/start':
        await agentStore.start(now());
        // Identity only: the agent compares what the citizen's file shows; no data source is read
        // (not the sources ticked on this browser, which are someone else's choice).
        return { ok: true, view: await deps.session.login([]) };
      case 'agent/verify': {
        const citizen = await identity();
        if (!(await agentStore.get())) throw new FillFailure('not-agent');
        await tabs.check(request.tabId);
        await tabs.ensureFiller(request.tabId);
        await agentStore.addTab(request.tabId);
        // Agent mode checks every datum the page shows: the page gets the whole identity.
        const report = await tabs.send(request.tabId, { type: 'content/verify', claims: citizen }, VerifyReplySchema);
        if (!report.ok) throw new FillFailure('engine-failed');
        // « Terminer la vérification » may have run while the page was comparing: take the marks off.
        if (!(await agentStore.get())) {
          await clearMarks([request.tabId]);
          throw new FillFailure('not-agent');
        }
        return {
          ok: true,
          entries: report.entries.map((e) => ({ label: e.label, displayed: e.displayed, certified: e.certified, result: e.result })),
          unchecked: report.unchecked,
        };
      }
      case 'agent/finish': {
        // Logout and wipe first: a frozen page must never hold back the end of the citizen's session.
        const view = await deps.session.logout();
        await clearAgentTraces(request.tabId !== undefined ? [request.tabId] : []);
        return { ok: true, view };
      }
    }
  }

  /** Takes the verification marks off these tabs; best effort and bounded (a page may be gone or frozen). */
  async function clearMarks(tabIds: Iterable<number>): Promise<void> {
    const bounded = (tabId: number) =>
      Promise.race([
        tabs.send(tabId, { type: 'content/clear' }, ClearReplySchema),
        new Promise((resolve) => setTimeout(resolve, CLEAR_TIMEOUT_MS)),
      ]).catch(() => undefined);
    await Promise.all([...new Set(tabIds)].map(bounded));
  }

  /** Ends agent mode: the checked pages lose their marks, and storage.session keeps nothing of the citizen. */
  async function clearAgentTraces(moreTabs: number[]): Promise<void> {
    const checked = [...((await agentStore.get())?.tabs ?? []), ...moreTabs];
    await agentStore.clear();
    await wipeSessionStorage();
    await clearMarks(checked);
  }

  /** Answers a request; failures become a code and a French sentence, never details. */
  async function handle(request: FillRequest): Promise<FillReplyOf<FillRequestType>> {
    try {
      return await run(request);
    } catch (error) {
      const code: Failure = error instanceof TabError ? error.problem : error instanceof FillFailure ? error.code : 'internal';
      return { ok: false, error: { code, message: TAB_MESSAGES[code] } } satisfies FillError;
    }
  }

  return { handle, run };
}

/** How long « Terminer la vérification » waits for a page to take its marks off. */
const CLEAR_TIMEOUT_MS = 2_000;

/** The tab of the last fill and how many fields it wrote (no values): storage.session. */
const LAST_FILL_KEY = KEYS.lastFill;
const LastFillSchema = z.object({ tabId: z.int().check(z.gte(0)), page: z.string().check(z.maxLength(32)), filled: z.int().check(z.gte(1)) });

const lastFill = {
  async get() {
    const parsed = LastFillSchema.safeParse((await browser.storage.session.get(LAST_FILL_KEY))[LAST_FILL_KEY]);
    return parsed.success ? parsed.data : undefined;
  },
  set: (value: z.infer<typeof LastFillSchema>) => browser.storage.session.set({ [LAST_FILL_KEY]: value }),
  clear: () => browser.storage.session.remove(LAST_FILL_KEY),
};

/**
 * Everything in storage.session but the logout notice (the handle and identity are already gone:
 * logout wiped them first). Data fetched for the citizen, agent state, anything a later feature
 * adds: on an agent's browser nothing of the citizen stays.
 */
async function wipeSessionStorage(): Promise<void> {
  const all = await browser.storage.session.get(null);
  const keys = Object.keys(all).filter((key) => key !== KEYS.outcome);
  if (keys.length) await browser.storage.session.remove(keys);
}
