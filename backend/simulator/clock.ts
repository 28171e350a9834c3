/**
 * The simulator's clock. It decides when stored artefacts (authorization codes, access tokens,
 * interactions, sessions) expire, so that tests can move time forward instead of waiting 30 or 60 s.
 * Timestamps written inside JWTs (iat, exp, auth_time) keep using the wall clock: oidc-provider reads
 * Date.now() directly, and the simulator must not change the time of the whole process.
 */
export interface SimulatorClock {
  /** Current simulated time, in milliseconds since the epoch. */
  now(): number;
  /** Moves simulated time forward. */
  advance(seconds: number): void;
}

export function createClock(base: () => number = Date.now): SimulatorClock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    advance(seconds: number) {
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError('The simulator clock only moves forward (seconds must be a finite number ≥ 0)');
      }
      offsetMs += seconds * 1000;
    },
  };
}
