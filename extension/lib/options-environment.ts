/**
 * What the options page needs from the browser, behind one interface so the page can be tested
 * without one: the stored backend URL, host permissions, and the backend's health check.
 */
import { browser } from 'wxt/browser';
import { BackendUnreachableError, createBackendClient } from './backend-client';
import { configStore } from './storage';

export type HealthResult = 'ok' | 'unreachable' | 'error';

export interface OptionsEnvironment {
  getBackendUrl(): Promise<string>;
  setBackendUrl(url: string): Promise<void>;
  /** Must be called first thing in a click handler: browsers only ask the user during a gesture. */
  requestHostPermission(pattern: string): Promise<boolean>;
  removeHostPermission(pattern: string): Promise<void>;
  checkHealth(url: string): Promise<HealthResult>;
}

export const optionsEnvironment: OptionsEnvironment = {
  getBackendUrl: () => configStore.getBackendUrl(),
  setBackendUrl: (url) => configStore.setBackendUrl(url),

  async requestHostPermission(pattern) {
    try {
      return await browser.permissions.request({ origins: [pattern] });
    } catch {
      return false;
    }
  },

  async removeHostPermission(pattern) {
    try {
      await browser.permissions.remove({ origins: [pattern] });
    } catch {
      // A permission the manifest requires cannot be removed; nothing to do.
    }
  },

  async checkHealth(url) {
    try {
      await createBackendClient({ baseUrl: url, timeoutMs: 5000 }).health();
      return 'ok';
    } catch (error) {
      return error instanceof BackendUnreachableError ? 'unreachable' : 'error';
    }
  },
};
