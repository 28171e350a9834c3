import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ScanReplySchema } from '../../../extension/lib/content-messages';
import { createTabAccess, FILLER_FILE, TabError } from '../../../extension/lib/tab-access';

/** What the real tab-access code does with the browser: injection on demand, replies parsed. */
describe('tab access (background ⇄ tab)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  const problem = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return undefined;
    } catch (error) {
      return error instanceof TabError ? error.problem : String(error);
    }
  };

  it('checks the tab’s page before anything else', async () => {
    const form = await fakeBrowser.tabs.create({ url: 'https://www.service-public.fr/demarche' });
    const settings = await fakeBrowser.tabs.create({ url: 'chrome://settings/' });
    const tabs = createTabAccess();
    await expect(tabs.check(form.id!)).resolves.toBeUndefined();
    expect(await problem(tabs.check(settings.id!))).toBe('restricted');
    expect(await problem(tabs.check(9999))).toBe('no-tab');
  });

  it('injects the filler into the top frame once: not again while it answers', async () => {
    const inject = vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([]);
    let installed = false;
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => {
      if (!installed) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { ok: true, filler: 'pivot', page: 'e'.repeat(32) };
    });
    inject.mockImplementation(async () => {
      installed = true;
      return [];
    });
    const tabs = createTabAccess();
    await tabs.ensureFiller(5);
    await tabs.ensureFiller(5);
    expect(inject).toHaveBeenCalledTimes(1);
    expect(inject).toHaveBeenCalledWith({ target: { tabId: 5 }, files: [FILLER_FILE] });
    expect(await tabs.ping(5)).toBe('e'.repeat(32));
  });

  it('turns a refused injection into a reason', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.'));
    expect(await problem(createTabAccess().ensureFiller(5))).toBe('no-access');
  });

  it('parses the filler’s answers: a wrong shape is refused, a vanished page is « page changed »', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage');
    const tabs = createTabAccess();
    send.mockResolvedValueOnce({ ok: true, fields: [], ignored: [], contentType: 'text/html', page: 'e'.repeat(32) });
    await expect(tabs.send(5, { type: 'content/scan' }, ScanReplySchema)).resolves.toMatchObject({ ok: true });
    expect(send).toHaveBeenLastCalledWith(5, { type: 'content/scan' }, { frameId: 0 });
    send.mockResolvedValueOnce({ ok: true, fields: [{ id: 'x"><script>', kind: 'birthName', label: 'Nom', confidence: 1 }], ignored: [], contentType: 'text/html', page: 'e'.repeat(32) });
    expect(await problem(tabs.send(5, { type: 'content/scan' }, ScanReplySchema))).toBe('bad-reply');
    send.mockRejectedValueOnce(new Error('The message port closed before a response was received.'));
    expect(await problem(tabs.send(5, { type: 'content/scan' }, ScanReplySchema))).toBe('page-changed');
  });
});
