export { InProcessReservationTimer, type InProcessReservationTimerOptions } from "./InProcessReservationTimer.js";
export { SystemClock } from "./SystemClock.js";
