package io.quintet.objectstore.data;

import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * One comparison on a stored property (section 11's operators: eq, neq, lt, lte, gt, gte; strings also
 * contains, startsWith, endsWith; bool only eq). Values are bound as SQL parameters, never spliced in;
 * the property is addressed by its numeric UID from the model.
 */
public record Condition(Property property, String op, Object value) {

    public static final List<String> OPERATORS =
            List.of("eq", "neq", "lt", "lte", "gt", "gte", "contains", "startsWith", "endsWith");
    private static final Set<String> STRING_ONLY = Set.of("contains", "startsWith", "endsWith");

    /** Parses a text value for the property's type; throws IllegalArgumentException on a mismatch. */
    public static Condition of(Property property, String op, String text) {
        if (!OPERATORS.contains(op))
            throw new IllegalArgumentException("unknown operator " + op + "; use one of " + OPERATORS);
        int type = property.type();
        if (type == PropertyType.BOOL) {
            if (!op.equals("eq")) throw new IllegalArgumentException("bool properties support only eq");
            if (!text.equals("true") && !text.equals("false"))
                throw new IllegalArgumentException(property.name() + " needs true or false");
            return new Condition(property, op, Boolean.parseBoolean(text));
        }
        if (type == PropertyType.STRING) return new Condition(property, op, text);
        if (STRING_ONLY.contains(op)) throw new IllegalArgumentException(op + " applies to string properties only");
        if (isNumeric(type)) {
            try {
                return new Condition(property, op, new BigDecimal(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(property.name() + " needs a number");
            }
        }
        if (type == PropertyType.RELATION) return new Condition(property, op, text);
        throw new IllegalArgumentException("property " + property.name() + " cannot be filtered");
    }

    static boolean isNumeric(int type) {
        return PropertyType.isIntegral(type) || PropertyType.isFloating(type) || PropertyType.isWideScalar(type);
    }

    /** The SQL predicate on {@code props} with this condition's value as parameter {@code $index}. */
    String sql(int index) {
        String uid = Long.toString(property.id().uid());
        String field = "(props ->> '" + uid + "')";
        String p = "$" + index;
        if (value instanceof Boolean) return field + "::boolean = " + p;
        if (value instanceof BigDecimal) {
            String n = field + "::numeric";
            return n + " " + comparison() + " " + p;
        }
        return switch (op) {
            case "contains" -> "strpos(" + field + ", " + p + ") > 0";
            case "startsWith" -> "starts_with(" + field + ", " + p + ")";
            case "endsWith" -> "right(" + field + ", char_length(" + p + ")) = " + p;
            case "neq" -> field + " IS DISTINCT FROM " + p;
            default -> field + " " + comparison() + " " + p;
        };
    }

    private String comparison() {
        return switch (op) {
            case "eq" -> "=";
            case "neq" -> "<>";
            case "lt" -> "<";
            case "lte" -> "<=";
            case "gt" -> ">";
            case "gte" -> ">=";
            default -> throw new IllegalArgumentException(op);
        };
    }
}
