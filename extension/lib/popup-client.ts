/**
 * The popup's side of the messages: sends session requests to the background, parses the replies,
 * and listens for `session/changed`. The popup never calls the backend and never reads storage.
 */
import { browser } from 'wxt/browser';
import {
  SessionChangedSchema,
  SessionReplySchema,
  type SessionReply,
  type SessionRequest,
} from './messages';

export interface PopupClient {
  request(request: SessionRequest): Promise<SessionReply>;
  /** Calls back when the background says the session changed; returns the unsubscribe function. */
  onChanged(callback: () => void): () => void;
  openOptions(): void;
}

const NO_BACKGROUND: SessionReply = {
  ok: false,
  error: {
    code: 'no-background',
    message: 'L’extension ne répond pas. Fermez cette fenêtre puis rouvrez-la\u00a0; si cela persiste, rechargez l’extension.',
  },
};

export const popupClient: PopupClient = {
  async request(request) {
    try {
      const parsed = SessionReplySchema.safeParse(await browser.runtime.sendMessage(request));
      return parsed.success ? parsed.data : NO_BACKGROUND;
    } catch {
      return NO_BACKGROUND;
    }
  },

  onChanged(callback) {
    const listener = (message: unknown): undefined => {
      if (SessionChangedSchema.safeParse(message).success) callback();
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  },

  openOptions() {
    void browser.runtime.openOptionsPage();
  },
};
