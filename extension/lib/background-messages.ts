/**
 * The background's receiving end: parses each message, checks who sent it, and answers with the
 * session screen. Session requests are accepted from the extension's own pages only (popup, options);
 * a content script or a web page gets `forbidden`, so nothing in a tab can read the identity or
 * drive the login through the background.
 */
import { browser, type Browser } from 'wxt/browser';
import { SessionRequestSchema, type SessionReply, type SessionRequest } from './messages';
import type { SessionService } from './session-service';

type Sender = Browser.runtime.MessageSender;

/** True for the extension's own pages (a popup opened in a tab included), false for content scripts and other extensions. */
export function isExtensionPage(sender: Sender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const pagesOrigin = browser.runtime.getURL('/');
  return typeof sender.url === 'string' && sender.url.startsWith(pagesOrigin);
}

export async function handleSessionRequest(service: SessionService, request: SessionRequest): Promise<SessionReply> {
  try {
    switch (request.type) {
      case 'session/get':
        return { ok: true, view: await service.view() };
      case 'session/refresh':
        return { ok: true, view: await service.refresh() };
      case 'session/login':
        return { ok: true, view: await service.login(request.sources) };
      case 'session/logout':
        return { ok: true, view: await service.logout() };
      case 'session/dismiss':
        return { ok: true, view: await service.dismiss() };
    }
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Une erreur inattendue est survenue dans l’extension.' } };
  }
}

/**
 * The runtime.onMessage listener. Returns a Promise for the messages it handles (the
 * webextension-polyfill turns it into the reply) and undefined for the others, so that listeners
 * for other namespaces (fill/*, data/*, agent/* later) can answer them.
 */
export function createSessionMessageListener(service: SessionService) {
  return (message: unknown, sender: Sender): Promise<SessionReply> | undefined => {
    const parsed = SessionRequestSchema.safeParse(message);
    if (!parsed.success) return undefined;
    if (!isExtensionPage(sender)) {
      return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Demande refusée.' } });
    }
    return handleSessionRequest(service, parsed.data);
  };
}
