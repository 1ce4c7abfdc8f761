import type { Clock } from '../../src/ports/clock.js';

/** A clock that moves only when the test says so. */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }
}

/**
 * The real time, plus however far the test has moved it on. For a whole
 * service under test: photos still get increasing timestamps as the test runs,
 * but an expiry or a signed-URL window is jumped over instead of waited for.
 */
export class SteppedClock implements Clock {
  private offset = 0;

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  /** Moves the clock on; it never goes back, as the system clock should not. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('a SteppedClock only moves forward');
    this.offset += ms;
  }
}
