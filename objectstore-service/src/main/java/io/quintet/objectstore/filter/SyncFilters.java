package io.quintet.objectstore.filter;

import io.quintet.objectstore.config.ConfigException;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code syncFilters} of the configuration, checked against the model at start-up (literal and
 * variable types, 3.8) and bound per client to its variables: {@code auth.*} from validated JWT
 * claims, {@code client.*} (or a bare name) from the client's filter variables.
 */
public final class SyncFilters {

    private enum Kind {
        STRING,
        INTEGER,
        FLOAT,
        BOOL
    }

    private final Map<String, String> expressions;
    private final Map<String, FilterParser.Node> parsed = new LinkedHashMap<>();

    public SyncFilters(Map<String, String> expressions, Model model) {
        this.expressions = new TreeMap<>(expressions);
        Map<String, Kind> variableKinds = new HashMap<>();
        for (Map.Entry<String, String> e : this.expressions.entrySet()) {
            Entity entity = model.entityNamed(e.getKey())
                    .orElseThrow(() -> new ConfigException("syncFilters: unknown type " + e.getKey()));
            if (!entity.syncEnabled()) throw new ConfigException("syncFilters: " + e.getKey() + " is not a sync type");
            FilterParser.Node node;
            try {
                node = FilterParser.parse(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ConfigException("syncFilters." + e.getKey() + ": " + ex.getMessage());
            }
            check(node, entity, variableKinds, "syncFilters." + e.getKey());
            parsed.put(e.getKey(), node);
        }
    }

    public boolean isEmpty() {
        return parsed.isEmpty();
    }

    private static void check(FilterParser.Node node, Entity entity, Map<String, Kind> variables, String where) {
        if (node instanceof FilterParser.OrNode or) {
            or.terms().forEach(t -> check(t, entity, variables, where));
        } else if (node instanceof FilterParser.AndNode and) {
            and.terms().forEach(t -> check(t, entity, variables, where));
        } else if (node instanceof FilterParser.Condition c) {
            Property p = property(entity, c.property(), where);
            Kind kind = kind(p, where);
            if (Set.of("==~", "^=", "*=", "$=").contains(c.op()) && kind != Kind.STRING) {
                throw new ConfigException(
                        where + ": operator " + c.op() + " needs a string property, " + p.name() + " is not");
            }
            if (kind == Kind.BOOL && !Set.of("==", "!=").contains(c.op()))
                throw new ConfigException(where + ": booleans only compare with == and !=");
            FilterParser.Literal literal = c.operand() instanceof FilterParser.Literal l
                    ? l
                    : ((FilterParser.Variable) c.operand()).fallback();
            if (literal != null) literalFits(literal, kind, p, where);
            if (c.operand() instanceof FilterParser.Variable v) variable(v, kind, variables, where);
        } else if (node instanceof FilterParser.InCondition in) {
            Property p = property(entity, in.property(), where);
            Kind kind = kind(p, where);
            if (kind != Kind.STRING && kind != Kind.INTEGER)
                throw new ConfigException(where + ": IN works for strings and integers");
            if (in.ignoreCase() && kind != Kind.STRING)
                throw new ConfigException(where + ": IN~ needs a string property");
            variable(in.variable(), kind, variables, where);
        }
    }

    private static void variable(FilterParser.Variable v, Kind kind, Map<String, Kind> variables, String where) {
        Kind earlier = variables.putIfAbsent(v.name(), kind);
        if (earlier != null && earlier != kind) {
            throw new ConfigException(where + ": variable " + v.name() + " is used with properties of different types");
        }
    }

    private static Property property(Entity entity, String name, String where) {
        return entity.property(name)
                .orElseThrow(() -> new ConfigException(where + ": type " + entity.name() + " has no property " + name));
    }

    private static Kind kind(Property p, String where) {
        int t = p.type();
        if (t == PropertyType.STRING || t == PropertyType.RELATION) return Kind.STRING;
        if (t == PropertyType.BOOL) return Kind.BOOL;
        if (PropertyType.isFloating(t)) return Kind.FLOAT;
        if (PropertyType.isIntegral(t)) return Kind.INTEGER;
        throw new ConfigException(where + ": property " + p.name() + " cannot be filtered (type " + t + ")");
    }

    private static void literalFits(FilterParser.Literal l, Kind kind, Property p, String where) {
        boolean fits = switch (kind) {
            case STRING -> l.value() instanceof String;
            case INTEGER -> l.value() instanceof BigInteger;
            case FLOAT -> l.value() instanceof BigInteger || l.value() instanceof BigDecimal;
            case BOOL -> l.value() instanceof String s && (s.equals("true") || s.equals("false"));
        };
        if (!fits)
            throw new ConfigException(where + ": literal " + l.value() + " does not match the type of " + p.name());
    }

    /**
     * Binds every filter to a client's variables. A variable without value and without default fails
     * the login ({@link MissingVariableException}).
     */
    public ClientFilter bind(Model model, Map<String, String> clientVars, Map<String, String> claims) {
        if (parsed.isEmpty()) return ClientFilter.ALL;
        Map<Long, FilterExpression> byType = new HashMap<>();
        StringBuilder signature = new StringBuilder();
        for (Map.Entry<String, FilterParser.Node> e : parsed.entrySet()) {
            Entity entity = model.entityNamed(e.getKey()).orElse(null);
            if (entity == null) continue;
            List<String> used = new ArrayList<>();
            byType.put(entity.uid(), bind(e.getValue(), entity, clientVars, claims, used));
            signature
                    .append(e.getKey())
                    .append('=')
                    .append(expressions.get(e.getKey()))
                    .append('|')
                    .append(used)
                    .append(';');
        }
        return new ClientFilter(Map.copyOf(byType), sha(signature.toString()));
    }

    private FilterExpression bind(
            FilterParser.Node node,
            Entity entity,
            Map<String, String> vars,
            Map<String, String> claims,
            List<String> used) {
        if (node instanceof FilterParser.OrNode or) {
            return new FilterExpression.Or(or.terms().stream()
                    .map(t -> bind(t, entity, vars, claims, used))
                    .toList());
        }
        if (node instanceof FilterParser.AndNode and) {
            return new FilterExpression.And(and.terms().stream()
                    .map(t -> bind(t, entity, vars, claims, used))
                    .toList());
        }
        if (node instanceof FilterParser.Condition c) {
            Property p = entity.property(c.property()).orElseThrow();
            String text = c.operand() instanceof FilterParser.Literal l
                    ? literalText(l)
                    : resolve((FilterParser.Variable) c.operand(), vars, claims, used);
            return new FilterExpression.Compare(p, c.op(), convert(text, p));
        }
        FilterParser.InCondition in = (FilterParser.InCondition) node;
        Property p = entity.property(in.property()).orElseThrow();
        Set<Object> values = new HashSet<>();
        for (String item : splitList(resolve(in.variable(), vars, claims, used))) {
            Object v = convert(item, p);
            values.add(in.ignoreCase() && v instanceof String s ? s.toLowerCase(Locale.ROOT) : v);
        }
        return new FilterExpression.In(p, in.ignoreCase(), values);
    }

    private static String literalText(FilterParser.Literal l) {
        return l.value() instanceof BigDecimal d ? d.toPlainString() : l.value().toString();
    }

    private static String resolve(
            FilterParser.Variable v, Map<String, String> vars, Map<String, String> claims, List<String> used) {
        String value;
        if (v.name().startsWith("auth.")) value = claims.get(v.name().substring(5));
        else if (v.name().startsWith("client.")) value = vars.get(v.name().substring(7));
        else value = vars.get(v.name());
        if (value == null && v.fallback() != null) value = literalText(v.fallback());
        if (value == null) throw new MissingVariableException(v.name());
        used.add(v.name() + "=" + value);
        return value;
    }

    /** Client variables arrive as strings and are converted to the property's type (3.8). */
    static Object convert(String text, Property p) {
        int t = p.type();
        try {
            if (t == PropertyType.BOOL) return "true".equals(text);
            if (PropertyType.isFloating(t)) return Double.parseDouble(text.trim());
            if (PropertyType.isIntegral(t))
                return new BigDecimal(text.trim()).toBigIntegerExact().longValue();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MissingVariableException("value \"" + text + "\" does not fit property " + p.name());
        }
        return text;
    }

    /** Comma-separated list with {@code \,} and {@code \\} escapes. */
    static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (c == ',') {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    private static String sha(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A filter variable without value and without default: the login fails. */
    public static final class MissingVariableException extends RuntimeException {
        public MissingVariableException(String variable) {
            super("filter variable has no value: " + variable);
        }
    }
}
