/**
 * Agent mode state, in storage.session only (memory, trusted contexts): whether this browser is an
 * agent's, on which a citizen logged in to have their identity checked. No personal data.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';

export const AGENT_KEY = 'pivot.agent';

const AgentStateSchema = z.object({
  active: z.literal(true),
  since: z.number(),
  /** Tabs whose page was checked (and marked): « Terminer la vérification » clears them all, even after the popup closed. */
  tabs: z.optional(z.array(z.int()).check(z.maxLength(100))),
});
export type AgentState = z.infer<typeof AgentStateSchema>;

export const agentStore = {
  async get(): Promise<AgentState | undefined> {
    const items = await browser.storage.session.get(AGENT_KEY);
    const parsed = AgentStateSchema.safeParse(items[AGENT_KEY]);
    return parsed.success ? parsed.data : undefined;
  },
  async start(now: number): Promise<void> {
    await browser.storage.session.set({ [AGENT_KEY]: { active: true, since: now } satisfies AgentState });
  },
  async addTab(tabId: number): Promise<void> {
    const state = await agentStore.get();
    if (!state) return;
    const tabs = [...new Set([...(state.tabs ?? []), tabId])].slice(-100);
    await browser.storage.session.set({ [AGENT_KEY]: { ...state, tabs } satisfies AgentState });
  },
  async clear(): Promise<void> {
    await browser.storage.session.remove(AGENT_KEY);
  },
};
