import { FixedClock } from "@orders/domain/testing";

/**
 * Real time, shaped like the fakes' FixedClock so createInMemoryPorts accepts it. The worker's
 * loops run on real timers, so the clock they read must move too.
 */
export class WallClock extends FixedClock {
  override now(): Date {
    return new Date();
  }
}
