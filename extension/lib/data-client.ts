/**
 * An extension page's side of `data/*`: asks the background for the citizen's data and parses the
 * reply. Like the session, the data never comes from the backend or from storage directly.
 */
import { browser } from 'wxt/browser';
import { DataReplySchema, type DataReply } from './data-messages';

export interface DataClient {
  get(): Promise<DataReply>;
}

const NO_BACKGROUND: DataReply = {
  ok: false,
  error: { code: 'no-background', message: 'L’extension ne répond pas. Fermez cette fenêtre puis rouvrez-la.' },
};

export const dataClient: DataClient = {
  async get() {
    try {
      const parsed = DataReplySchema.safeParse(await browser.runtime.sendMessage({ type: 'data/get' }));
      return parsed.success ? parsed.data : NO_BACKGROUND;
    } catch {
      return NO_BACKGROUND;
    }
  },
};
