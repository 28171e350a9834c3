/**
 * The form filler: injected by the background into the tab the citizen chose, on their click only
 * (`activeTab` + `scripting`; nothing of Pivot is declared for any page in the manifest). It holds
 * the autofill engine and answers the background's `content/*` messages (lib/content-handler.ts).
 *
 * Built as an unlisted script (`/form-filler.js`): WXT neither lists it in the manifest nor grants
 * it hosts. Injecting it twice in the same page keeps the first instance (and its undo journal).
 */
import { browser, type Browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createAutofill } from '../autofill';
import { createContentHandler } from '../lib/content-handler';

const INSTALLED = Symbol.for('pivot.form-filler');

export default defineUnlistedScript(() => {
  const scope = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (scope[INSTALLED]) return;
  scope[INSTALLED] = true;
  const handle = createContentHandler(createAutofill());
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
    // Only this extension's background or pages (never another tab's content script) may drive it.
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    return handle(message);
  });
});
