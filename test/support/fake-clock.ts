import type { Clock } from '../../backend/clock';

/** A clock tests move by hand. Starts at a fixed instant unless told otherwise. */
export class FakeClock implements Clock {
  #now: number;

  constructor(start = Date.UTC(2026, 10, 26, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}
