// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../backend/sessions/memory';
import { FakeClock } from '../../../support/fake-clock';
import { describeStoreContract } from '../../../support/store-contract';

describeStoreContract('MemoryStore', async (clock) => new MemoryStore({ clock }));

describe('MemoryStore housekeeping', () => {
  it('drops expired entries without being asked for them', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    await store.set('a', 1, 1000);
    await store.set('b', 2, 5000);
    clock.advance(2000);
    expect(store.size).toBe(1);
    await store.close();
  });
});
