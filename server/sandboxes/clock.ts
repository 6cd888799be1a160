/** The sandboxes' clock: tests and the demo hand in theirs, so "today" is the same on both sides of the wire. */
export interface Clock {
  now(): Date;
}
