package io.quintet.objectstore.tx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Flags;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.wire.PropertyValues;
import java.util.Optional;

/**
 * Whole-object conflict rule of 3.5: without precedence or clock the later-received write wins;
 * precedence only: equal or higher wins; with a clock: (precedence, clock) compared as unsigned
 * 64-bit values, strictly greater wins, equal keeps the stored version.
 */
public final class ConflictRule {

    private ConflictRule() {}

    /** True when {@code incoming} (properties by UID) may replace {@code stored}. */
    public static boolean accepts(Entity entity, ObjectNode stored, ObjectNode incoming) {
        Optional<Property> precedence = entity.flagged(Flags.SYNC_PRECEDENCE);
        Optional<Property> clock = entity.flagged(Flags.SYNC_CLOCK);
        if (stored == null || (precedence.isEmpty() && clock.isEmpty())) return true;
        long storedP = precedence.map(p -> value(stored, p)).orElse(0L);
        long incomingP = precedence
                .map(p -> incoming.has(key(p)) ? value(incoming, p) : 0L)
                .orElse(0L);
        if (clock.isEmpty()) return Long.compareUnsigned(incomingP, storedP) >= 0;
        int byPrecedence = Long.compareUnsigned(incomingP, storedP);
        if (byPrecedence != 0) return byPrecedence > 0;
        return Long.compareUnsigned(value(incoming, clock.get()), value(stored, clock.get())) > 0;
    }

    /** Whether the data carries any of the type's conflict properties (a REMOVE without them is accepted). */
    public static boolean carriesConflictData(Entity entity, ObjectNode props) {
        if (props == null) return false;
        return entity.flagged(Flags.SYNC_PRECEDENCE)
                        .map(p -> props.hasNonNull(key(p)))
                        .orElse(false)
                || entity.flagged(Flags.SYNC_CLOCK)
                        .map(p -> props.hasNonNull(key(p)))
                        .orElse(false);
    }

    static String key(Property p) {
        return Long.toString(p.id().uid());
    }

    private static long value(ObjectNode props, Property p) {
        return PropertyValues.unsignedLong(props.get(key(p)));
    }
}
