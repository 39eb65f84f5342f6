/**
 * Makes expiry prompt. The deadline also lives with the order (expiresAt), so a timer that
 * loses entries only delays release until the next sweep; it never loses it.
 */
export interface ReservationTimer {
  /** Remembers that `orderId` is due at `expiresAt`; scheduling again replaces the deadline. */
  schedule(orderId: number, expiresAt: Date): Promise<void>;
  /** `schedule` for many orders in one call (one round trip where the timer is remote). */
  scheduleMany(entries: readonly { readonly orderId: number; readonly expiresAt: Date }[]): Promise<void>;
  /** Forgets `orderId` (paid, cancelled or released). */
  cancel(orderId: number): Promise<void>;
  /**
   * Claims up to `limit` orders due at `now`. A claimed order is hidden from other claimers for a
   * lease; if it is not cancelled before the lease ends (its release failed), it is due again.
   */
  claimDue(now: Date, limit: number): Promise<number[]>;
}
