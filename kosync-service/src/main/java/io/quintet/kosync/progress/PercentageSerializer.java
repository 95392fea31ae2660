package io.quintet.kosync.progress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Writes whole percentages as integers ({@code 0}, {@code 1}) as the reference does, and others
 * in the shortest form that reads back as the same double (0.4213 stays 0.4213).
 */
public final class PercentageSerializer extends StdSerializer<Double> {

    public PercentageSerializer() {
        super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            gen.writeNumber(value.longValue());
        } else {
            gen.writeNumber(value.doubleValue());
        }
    }

    /** Decimal text of a finite number, also used to store a numeric {@code progress} or {@code device}. */
    public static String text(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
