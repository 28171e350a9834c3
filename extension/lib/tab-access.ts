/**
 * The background's access to the citizen's tab: tells pages no extension may script (browser pages,
 * web stores, PDF viewers) from forms, injects the form filler on demand (`scripting` + `activeTab`,
 * granted by the citizen's click on Pivot's icon), and exchanges `content/*` messages with it, every
 * reply parsed as untrusted page data.
 *
 * The filler is injected into the tab's top frame; the engine reaches same-origin iframes and open
 * shadow roots from there. Cross-origin iframes stay out of reach (activeTab grants one origin).
 */
import { browser } from 'wxt/browser';
import type * as z from 'zod/mini';
import { PingReplySchema, type ContentRequest } from './content-messages';

export const FILLER_FILE = '/form-filler.js';

export type TabProblem =
  /** The tab is gone. */
  | 'no-tab'
  /** A browser page (chrome://, about:, another extension, view-source:…). */
  | 'restricted'
  /** The Chrome Web Store and other extension galleries: browsers forbid scripting them. */
  | 'web-store'
  /** A PDF shown by the browser's viewer. */
  | 'pdf'
  /** No permission on this page: Pivot was not opened from this tab (activeTab), or a file:// page. */
  | 'no-access'
  /** The tab shows a browser error page (no connection, unknown host…). */
  | 'error-page'
  /** The injection failed for another reason. */
  | 'injection-failed'
  /** The page navigated, reloaded or closed during the exchange. */
  | 'page-changed'
  /** The page's side answered something that is not a valid reply. */
  | 'bad-reply';

export class TabError extends Error {
  constructor(readonly problem: TabProblem) {
    super(problem);
    this.name = 'TabError';
  }
}

const STORES: Array<[host: RegExp, path: RegExp]> = [
  [/^chromewebstore\.google\.com$/, /^\//],
  [/^chrome\.google\.com$/, /^\/webstore/],
  [/^addons\.mozilla\.org$/, /^\//],
  [/^microsoftedge\.microsoft\.com$/, /^\/addons/],
];

/**
 * Pages Pivot cannot (or must not) fill, from their URL. Undefined when the URL is fine or unknown
 * (without activeTab the URL is hidden; the injection then says what is wrong).
 */
export function restrictedPage(url: string | undefined): TabProblem | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'restricted';
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return 'restricted';
  if (STORES.some(([host, path]) => host.test(parsed.hostname) && path.test(parsed.pathname))) return 'web-store';
  if (/\.pdf$/i.test(parsed.pathname)) return 'pdf';
  return undefined;
}

/** What a failed `scripting.executeScript` means, from Chrome's and Firefox's error messages. */
export function injectionProblem(error: unknown): TabProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (/gallery|web ?store/i.test(message)) return 'web-store';
  if (/No tab with id|Invalid tab ID/i.test(message)) return 'no-tab';
  if (/error page/i.test(message)) return 'error-page';
  if (/chrome:\/\/|edge:\/\/|about:|chrome-extension:|moz-extension:|cannot be scripted|privileged/i.test(message)) return 'restricted';
  if (/permission|Cannot access contents|Missing host/i.test(message)) return 'no-access';
  return 'injection-failed';
}

export interface TabAccess {
  /** Throws a TabError when the tab cannot hold the filler. */
  check(tabId: number): Promise<void>;
  /** The page token of the filler in the tab's current page, if one is there (it is gone once the page navigated or reloaded). Never injects. */
  ping(tabId: number): Promise<string | undefined>;
  /** Makes sure the filler runs in the tab's top frame (injects it once). */
  ensureFiller(tabId: number): Promise<void>;
  /** Sends a request to the filler and parses its reply with `schema`. */
  send<T>(tabId: number, request: ContentRequest, schema: z.ZodMiniType<T>): Promise<T>;
}

export function createTabAccess(): TabAccess {
  async function raw(tabId: number, request: ContentRequest): Promise<unknown> {
    try {
      return await browser.tabs.sendMessage(tabId, request, { frameId: 0 });
    } catch {
      throw new TabError('page-changed');
    }
  }

  /** The page token of the filler in that tab, or undefined when none answers. */
  async function ping(tabId: number): Promise<string | undefined> {
    try {
      const reply = PingReplySchema.safeParse(await browser.tabs.sendMessage(tabId, { type: 'content/ping' } satisfies ContentRequest, { frameId: 0 }));
      return reply.success ? reply.data.page : undefined;
    } catch {
      // Nothing listens in that page.
      return undefined;
    }
  }

  return {
    ping,

    async check(tabId) {
      let url: string | undefined;
      try {
        url = (await browser.tabs.get(tabId)).url;
      } catch {
        throw new TabError('no-tab');
      }
      const problem = restrictedPage(url);
      if (problem) throw new TabError(problem);
    },

    async ensureFiller(tabId) {
      if (await ping(tabId)) return;
      try {
        await browser.scripting.executeScript({ target: { tabId }, files: [FILLER_FILE] });
      } catch (error) {
        throw new TabError(injectionProblem(error));
      }
    },

    async send(tabId, request, schema) {
      const parsed = schema.safeParse(await raw(tabId, request));
      if (!parsed.success) throw new TabError('bad-reply');
      return parsed.data;
    },
  };
}
