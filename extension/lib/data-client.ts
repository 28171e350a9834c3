/**
 * An extension page's side of `data/*`: asks the background for the citizen's data and parses the
 * reply. Like the session, the data never comes from the backend or from storage directly.
 */
import { browser } from 'wxt/browser';
import { DataReplySchema, OfferedReplySchema, type DataReply } from './data-messages';
import type { DataSourceId } from './sources';

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

/** The sources the backend offers, in the fixed order; undefined when that is not known (backend unreachable). */
export async function offeredSources(): Promise<DataSourceId[] | undefined> {
  try {
    const parsed = OfferedReplySchema.safeParse(await browser.runtime.sendMessage({ type: 'data/offered' }));
    return parsed.success && parsed.data.ok ? parsed.data.sources : undefined;
  } catch {
    return undefined;
  }
}
