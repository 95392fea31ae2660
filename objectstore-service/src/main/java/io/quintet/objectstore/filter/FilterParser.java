package io.quintet.objectstore.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The filter grammar of 3.8:
 * <pre>
 * expr := andExpr ("OR" andExpr)* ; andExpr := primary ("AND" primary)* ; primary := "(" expr ")" | condition
 * condition := property op operand | property ("IN" | "IN~") variable
 * op := == != &gt; &lt; &gt;= &lt;= ==~ ^= *= $=
 * operand := literal | variable ; literal := '…' | "…" | integer | float ; variable := $name | ${name [?? literal]}
 * </pre>
 * AND binds tighter than OR. Parsing is syntax only; {@link SyncFilters} checks types against the model.
 */
public final class FilterParser {

    /** Unbound syntax tree. */
    public sealed interface Node {}

    public record OrNode(List<Node> terms) implements Node {}

    public record AndNode(List<Node> terms) implements Node {}

    public record Condition(String property, String op, Operand operand) implements Node {}

    public record InCondition(String property, boolean ignoreCase, Variable variable) implements Node {}

    public sealed interface Operand {}

    /** A literal: {@link String}, {@link BigInteger} or {@link BigDecimal}. */
    public record Literal(Object value) implements Operand {}

    public record Variable(String name, Literal fallback) implements Operand {}

    private static final String[] OPS = {"==~", "==", "!=", ">=", "<=", "^=", "*=", "$=", ">", "<"};

    private final String text;
    private int pos;

    private FilterParser(String text) {
        this.text = text;
    }

    public static Node parse(String expression) {
        FilterParser p = new FilterParser(expression);
        Node node = p.or();
        p.skipSpace();
        if (p.pos != p.text.length()) throw p.error("unexpected text");
        return node;
    }

    private Node or() {
        List<Node> terms = new ArrayList<>();
        terms.add(and());
        while (keyword("OR")) terms.add(and());
        return terms.size() == 1 ? terms.get(0) : new OrNode(terms);
    }

    private Node and() {
        List<Node> terms = new ArrayList<>();
        terms.add(primary());
        while (keyword("AND")) terms.add(primary());
        return terms.size() == 1 ? terms.get(0) : new AndNode(terms);
    }

    private Node primary() {
        skipSpace();
        if (peek('(')) {
            pos++;
            Node inner = or();
            skipSpace();
            if (!peek(')')) throw error("missing )");
            pos++;
            return inner;
        }
        String property = identifier();
        skipSpace();
        if (keyword("IN~")) return new InCondition(property, true, variableRequired());
        if (keyword("IN")) return new InCondition(property, false, variableRequired());
        for (String op : OPS) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return new Condition(property, op, operand());
            }
        }
        throw error("operator expected after " + property);
    }

    private Variable variableRequired() {
        skipSpace();
        Operand o = operand();
        if (o instanceof Variable v) return v;
        throw error("IN takes a variable (IN with literals is not supported; use OR)");
    }

    private Operand operand() {
        skipSpace();
        if (peek('$')) return variable();
        return literal();
    }

    private Variable variable() {
        pos++; // $
        if (peek('{')) {
            pos++;
            skipSpace();
            String name = dotted();
            skipSpace();
            Literal fallback = null;
            if (text.startsWith("??", pos)) {
                pos += 2;
                skipSpace();
                fallback = literal();
                skipSpace();
            }
            if (!peek('}')) throw error("missing }");
            pos++;
            return new Variable(name, fallback);
        }
        return new Variable(dotted(), null);
    }

    private Literal literal() {
        skipSpace();
        if (peek('\'') || peek('"')) {
            char quote = text.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos++);
                if (c == '\\') {
                    if (pos >= text.length()) throw error("dangling escape");
                    char e = text.charAt(pos++);
                    out.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                default -> e;
                            });
                } else {
                    out.append(c);
                }
            }
            if (pos >= text.length()) throw error("unterminated string");
            pos++;
            return new Literal(out.toString());
        }
        int start = pos;
        if (peek('-') || peek('+')) pos++;
        while (pos < text.length()
                && (Character.isDigit(text.charAt(pos))
                        || text.charAt(pos) == '.'
                        || text.charAt(pos) == 'e'
                        || text.charAt(pos) == 'E')) pos++;
        String number = text.substring(start, pos);
        if (number.isEmpty() || number.equals("-") || number.equals("+")) throw error("literal expected");
        try {
            if (number.matches("[-+]?\\d+")) return new Literal(new BigInteger(number));
            return new Literal(new BigDecimal(number));
        } catch (NumberFormatException e) {
            throw error("bad number " + number);
        }
    }

    private String identifier() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        if (start == pos) throw error("property name expected");
        return text.substring(start, pos);
    }

    private String dotted() {
        int start = pos;
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos))
                        || text.charAt(pos) == '_'
                        || text.charAt(pos) == '.'
                        || text.charAt(pos) == '-')) pos++;
        if (start == pos) throw error("variable name expected");
        return text.substring(start, pos);
    }

    private boolean keyword(String word) {
        skipSpace();
        if (!text.startsWith(word, pos)) return false;
        int end = pos + word.length();
        if (end < text.length()
                && Character.isLetterOrDigit(text.charAt(end))
                && Character.isLetter(word.charAt(word.length() - 1))) {
            return false;
        }
        pos = end;
        return true;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at position " + pos + " in \"" + text + "\"");
    }
}
