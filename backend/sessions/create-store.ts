import type { Redis } from 'ioredis';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../log';
import { ValueCipher } from './cipher';
import { MemoryStore } from './memory';
import { RedisStore } from './redis';
import type { Store } from './store';

/**
 * The store the configuration asks for: Redis (shared by every instance, values encrypted) when
 * REDIS_URL is configured and a client is given, otherwise this process's memory.
 */
export function createStore(deps: { config: Pick<Config, 'redis'>; redis?: Redis | undefined; clock: Clock; logger: Logger }): Store {
  const settings = deps.config.redis;
  if (!deps.redis || !settings) return new MemoryStore({ clock: deps.clock });
  return new RedisStore({
    redis: deps.redis,
    cipher: new ValueCipher(settings.encryptionKey),
    keyPrefix: settings.keyPrefix,
    clock: deps.clock,
    logger: deps.logger,
  });
}
