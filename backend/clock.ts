/** The time source of everything the backend decides itself (state, handoff and session lifetimes). */
export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
