package io.quintet.objectstore.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A sync filter expression (3.8) with every variable resolved, evaluated on stored objects (properties by UID). */
public sealed interface FilterExpression {

    boolean matches(ObjectNode props);

    record Or(List<FilterExpression> terms) implements FilterExpression {
        @Override
        public boolean matches(ObjectNode props) {
            return terms.stream().anyMatch(t -> t.matches(props));
        }
    }

    record And(List<FilterExpression> terms) implements FilterExpression {
        @Override
        public boolean matches(ObjectNode props) {
            return terms.stream().allMatch(t -> t.matches(props));
        }
    }

    /** {@code property op value}; {@code value} is already converted to the property's kind (String, Long, Double, Boolean). */
    record Compare(Property property, String op, Object value) implements FilterExpression {
        @Override
        public boolean matches(ObjectNode props) {
            Object stored = valueOf(props.get(Long.toString(property.id().uid())), property);
            if (stored == null) return op.equals("!=");
            if (stored instanceof String s && value instanceof String v) {
                return switch (op) {
                    case "==" -> s.equals(v);
                    case "!=" -> !s.equals(v);
                    case "==~" -> s.equalsIgnoreCase(v);
                    case "^=" -> s.startsWith(v);
                    case "*=" -> s.contains(v);
                    case "$=" -> s.endsWith(v);
                    default -> order(s.compareTo(v));
                };
            }
            int c;
            if (stored instanceof Boolean b) c = b.equals(value) ? 0 : 1;
            else if (stored instanceof Long l && value instanceof Long v) c = Long.compare(l, v);
            else c = Double.compare(((Number) stored).doubleValue(), ((Number) value).doubleValue());
            return order(c);
        }

        private boolean order(int c) {
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case ">" -> c > 0;
                case "<" -> c < 0;
                case ">=" -> c >= 0;
                case "<=" -> c <= 0;
                default -> false;
            };
        }
    }

    /** {@code property IN $list} (or {@code IN~}, case-insensitive). */
    record In(Property property, boolean ignoreCase, Set<Object> values) implements FilterExpression {
        @Override
        public boolean matches(ObjectNode props) {
            Object stored = valueOf(props.get(Long.toString(property.id().uid())), property);
            if (stored == null) return false;
            if (ignoreCase && stored instanceof String s) return values.contains(s.toLowerCase(Locale.ROOT));
            return values.contains(stored);
        }
    }

    static Object valueOf(JsonNode v, Property p) {
        if (v == null || v.isNull()) return null;
        int t = p.type();
        if (t == PropertyType.STRING || t == PropertyType.RELATION) return v.asText();
        if (t == PropertyType.BOOL) return v.asBoolean();
        if (PropertyType.isFloating(t)) return v.isNumber() ? v.doubleValue() : Double.valueOf(v.asText());
        if (PropertyType.isIntegral(t)) return v.isNumber() ? v.longValue() : new BigInteger(v.asText()).longValue();
        return v.asText();
    }
}
