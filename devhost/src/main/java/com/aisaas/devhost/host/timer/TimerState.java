package com.aisaas.devhost.host.timer;

import java.time.Instant;

/**
 * What one timer's listener is doing, read on the listener's own thread: after everything already queued there to run
 * at once, so an invocation that was due immediately has run by the time this is read.
 *
 * @param started      whether the schedule was started at all (not with {@code DEVHOST_TIMERS=off})
 * @param listening    whether this host holds the listener lock (or needs none) and follows the schedule
 * @param refusedLocks how many times taking the listener lock found another holder
 * @param nextFire     the occurrence the listener waits for, or null when it is not listening
 */
public record TimerState(boolean started, boolean listening, int refusedLocks, Instant nextFire) {
}
