package io.quintet.kora.session;

import io.quintet.kora.config.KoraConfig;

/**
 * One session's resend timing for unacknowledged deliveries (kora.md 8.3 decision): every tick at
 * first; once nothing has been acknowledged for the stall time (a client that cannot apply an
 * operation, or an abandoned socket not yet known as superseded), at intervals that double from
 * the tick up to a maximum. Never stopped: the re-push is the client's only way to recover. An
 * acknowledgment that makes progress starts over. Used from the session's serial queue and from
 * the acknowledgment path, hence synchronized.
 */
final class ResendBackoff {

    /** The timing: the tick, the stall after which resends back off, and the longest interval. */
    record Policy(long tickMillis, long stallMillis, long maxMillis) {
        static Policy of(KoraConfig config) {
            return new Policy(
                    config.tickMillis(),
                    config.resendBackoffAfter().toMillis(),
                    config.resendBackoffMax().toMillis());
        }
    }

    /** Since when something sent has stayed unacknowledged (0: nothing outstanding). */
    private long outstandingSince;
    /** Resends made after the stall began. */
    private int backedOff;

    /** Something was sent that awaits an acknowledgment. */
    synchronized void sent(long now) {
        if (outstandingSince == 0) outstandingSince = now;
    }

    /** An acknowledgment made progress; {@code stillOutstanding} when more remains unacknowledged. */
    synchronized void progressed(long now, boolean stillOutstanding) {
        outstandingSince = stillOutstanding ? now : 0;
        backedOff = 0;
    }

    /** How long after the last send a resend is due. */
    synchronized long interval(long now, Policy policy) {
        if (outstandingSince == 0 || now - outstandingSince < policy.stallMillis()) return policy.tickMillis();
        return Math.max(
                policy.tickMillis(), Math.min(policy.maxMillis(), policy.tickMillis() << Math.min(backedOff, 30)));
    }

    /** A resend went out. */
    synchronized void resent(long now, Policy policy) {
        if (outstandingSince != 0 && now - outstandingSince >= policy.stallMillis()) backedOff++;
    }
}
