package io.quintet.protocol.vv;

/** How two version vectors relate. */
public enum Causality {
    /** Both saw exactly the same events. */
    EQUAL,
    /** The first saw a strict subset of what the second saw. */
    BEFORE,
    /** The first saw a strict superset of what the second saw. */
    AFTER,
    /** Each saw something the other did not. */
    CONCURRENT
}
