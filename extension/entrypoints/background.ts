import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createSessionMessageListener } from '../lib/background-messages';
import { createDataMessageListener } from '../lib/data-messages';
import { createDataService } from '../lib/data-service';
import { createFillMessageListener } from '../lib/fill-background-messages';
import { createFillService } from '../lib/fill-service';
import { fillDataFrom } from '../lib/fill-data';
import type { SessionChanged } from '../lib/messages';
import { createSessionService } from '../lib/session-service';
import { createTabAccess } from '../lib/tab-access';

export default defineBackground(() => {
  // storage.session is for trusted contexts by default; say so explicitly where the browser lets us
  // (Chrome), so a future change of default cannot expose the handle to content scripts.
  void browser.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);

  const onChange = () => {
    const message: SessionChanged = { type: 'session/changed' };
    // Rejects when no extension page is open to hear it: nothing to do then.
    browser.runtime.sendMessage(message).catch(() => undefined);
  };
  const service = createSessionService({ onChange });
  const data = createDataService({ onChange });
  browser.runtime.onMessage.addListener(createSessionMessageListener(service));
  browser.runtime.onMessage.addListener(createDataMessageListener(data));
  browser.runtime.onMessage.addListener(
    createFillMessageListener(createFillService({ session: service, tabs: createTabAccess(), data: () => data.get().then(fillDataFrom) })),
  );
});
