/**
 * The background's receiving end for `fill/*` and `agent/*`: parses each message, accepts it from
 * the extension's own pages only (a content script or a web page gets `forbidden`), and answers
 * through the fill service.
 */
import type { Browser } from 'wxt/browser';
import { isExtensionPage } from './background-messages';
import { FillRequestSchema, type FillError, type FillReplyOf, type FillRequestType } from './fill-messages';
import type { FillService } from './fill-service';

export function createFillMessageListener(service: Pick<FillService, 'handle'>) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<FillReplyOf<FillRequestType> | FillError> | undefined => {
    const parsed = FillRequestSchema.safeParse(message);
    if (!parsed.success) return undefined;
    if (!isExtensionPage(sender)) return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Demande refusée.' } });
    return service.handle(parsed.data);
  };
}
