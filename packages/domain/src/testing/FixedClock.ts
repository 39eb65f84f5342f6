import type { Clock } from "../ports/Clock.js";

/** A clock that only moves when a test moves it. */
export class FixedClock implements Clock {
  private current: number;

  constructor(start: Date = new Date("2026-01-01T00:00:00.000Z")) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(date: Date): void {
    this.current = date.getTime();
  }
}
