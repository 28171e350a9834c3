// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { failureReason } from '../../../../backend/sessions/redis';
import { describeRedis, reconnectDelay } from '../../../../backend/sessions/redis-client';

describe('failureReason', () => {
  it.each([
    ['Command timed out', 'timeout'],
    ["Stream isn't writeable and enableOfflineQueue options is false", 'connection'],
    ['Connection is closed.', 'connection'],
    ['Reached the max retries per request limit (which is 0). Refer to "maxRetriesPerRequest" option for details.', 'connection'],
    ['connect ECONNREFUSED 127.0.0.1:6379', 'connection'],
    ['LOADING Redis is loading the dataset in memory', 'loading'],
    ["OOM command not allowed when used memory > 'maxmemory'.", 'oom'],
    ['NOAUTH Authentication required.', 'noauth'],
    ['something else entirely', 'error'],
  ])('classifies "%s" as %s, without repeating the message', (message, reason) => {
    expect(failureReason(new Error(message))).toBe(reason);
  });
});

describe('describeRedis', () => {
  it('keeps host, port and database, never credentials', () => {
    expect(describeRedis('rediss://pivot:s3cret@redis.internal:6380/2')).toBe('rediss://redis.internal:6380/2');
    expect(describeRedis('redis://:s3cret@127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(describeRedis('not a url')).toBe('redis');
  });
});

describe('reconnectDelay', () => {
  it('backs off from 100 ms to at most 2 s, and never gives up', () => {
    expect([1, 2, 10, 20, 1000].map(reconnectDelay)).toEqual([100, 200, 1000, 2000, 2000]);
  });
});
