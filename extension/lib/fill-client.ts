/**
 * The popup's side of `fill/*` and `agent/*`: sends a request to the background and parses the
 * reply with the schema of its type; anything else reads as « the extension does not answer ».
 */
import { browser } from 'wxt/browser';
import { FILL_REPLY_SCHEMAS, type FillReplyOf, type FillRequest, type FillRequestType } from './fill-messages';

export interface FillClient {
  /** The tab to fill: `?tab=<id>` in the popup's URL, else the active tab of the popup's window. */
  targetTab(): Promise<number | undefined>;
  send<T extends FillRequestType>(request: Extract<FillRequest, { type: T }>): Promise<FillReplyOf<T>>;
}

const NO_BACKGROUND = {
  ok: false,
  error: { code: 'no-background', message: 'L’extension ne répond pas. Fermez cette fenêtre puis rouvrez-la.' },
} as const;

export const fillClient: FillClient = {
  async targetTab() {
    const given = new URLSearchParams(globalThis.location?.search ?? '').get('tab');
    if (given !== null && /^\d+$/.test(given)) return Number(given);
    try {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.id;
    } catch {
      return undefined;
    }
  },

  async send(request) {
    try {
      const parsed = FILL_REPLY_SCHEMAS[request.type].safeParse(await browser.runtime.sendMessage(request));
      return (parsed.success ? parsed.data : NO_BACKGROUND) as never;
    } catch {
      return NO_BACKGROUND as never;
    }
  },
};
