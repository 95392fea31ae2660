package io.quintet.objectstore.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.config.ConfigException;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyncFiltersTest {

    private static final Model MODEL = ModelReader.read(Path.of("src/test/resources/models/notes.json"));
    private static final Entity NOTE = MODEL.entityNamed("Note").orElseThrow();

    private static String uid(String property) {
        return Long.toString(NOTE.property(property).orElseThrow().id().uid());
    }

    private static ObjectNode note(String title, String owner, int priority) {
        return JsonNodeFactory.instance
                .objectNode()
                .put(uid("title"), title)
                .put(uid("ownerEmail"), owner)
                .put(uid("priority"), priority)
                .put(uid("stamp"), "5");
    }

    private static ClientFilter bind(String expression, Map<String, String> vars, Map<String, String> claims) {
        return new SyncFilters(Map.of("Note", expression), MODEL).bind(MODEL, vars, claims);
    }

    @Test
    @DisplayName("C55 every operator and syntax form parses; AND binds tighter than OR; quotes and escapes")
    void c55Grammar() {
        for (String op : new String[] {"==", "!=", ">", "<", ">=", "<=", "==~", "^=", "*=", "$="}) {
            FilterParser.parse("title " + op + " 'x'");
        }
        FilterParser.Node n = FilterParser.parse("title == 'a' OR title == \"b\" AND priority > 3");
        assertInstanceOf(FilterParser.OrNode.class, n);
        assertInstanceOf(
                FilterParser.AndNode.class, ((FilterParser.OrNode) n).terms().get(1));
        assertEquals(
                "it's \"q\"",
                ((FilterParser.Literal)
                                ((FilterParser.Condition) FilterParser.parse("title == 'it\\'s \"q\"'")).operand())
                        .value());
        FilterParser.parse("(title == ${client.t ?? 'none'}) AND priority IN $client.list OR title IN~ ${auth.groups}");
        assertThrows(IllegalArgumentException.class, () -> FilterParser.parse("title == "));
        assertThrows(IllegalArgumentException.class, () -> FilterParser.parse("title IN 'a,b'"));
        assertThrows(IllegalArgumentException.class, () -> FilterParser.parse("(title == 'a'"));
        ClientFilter f = bind("title == 'a' OR title == 'b' AND priority > 3", Map.of(), Map.of());
        assertTrue(f.visible(NOTE, note("a", "", 0)));
        assertFalse(f.visible(NOTE, note("b", "", 0)));
        assertTrue(f.visible(NOTE, note("b", "", 4)));
        ClientFilter ops = bind(
                "title ^= 'Bu' AND title *= 'y m' AND title $= 'ilk' AND title ==~ 'BUY MILK'", Map.of(), Map.of());
        assertTrue(ops.visible(NOTE, note("Buy milk", "", 0)));
    }

    @Test
    @DisplayName("C55 type mismatches are configuration errors at start-up")
    void c55TypeMismatch() {
        assertThrows(ConfigException.class, () -> new SyncFilters(Map.of("Note", "priority == 'high'"), MODEL));
        assertThrows(ConfigException.class, () -> new SyncFilters(Map.of("Note", "title > 3"), MODEL));
        assertThrows(ConfigException.class, () -> new SyncFilters(Map.of("Note", "priority ^= 'x'"), MODEL));
        assertThrows(
                ConfigException.class,
                () -> new SyncFilters(Map.of("Note", "title == $client.v OR priority == $client.v"), MODEL));
        assertThrows(ConfigException.class, () -> new SyncFilters(Map.of("Note", "nothing == 1"), MODEL));
        assertThrows(ConfigException.class, () -> new SyncFilters(Map.of("LocalDraft", "body == 'x'"), MODEL));
    }

    @Test
    @DisplayName(
            "C56 $auth.email from claims, nested claim paths, $client.team from login; missing variable fails; default used")
    void c56Variables() {
        ClientFilter byEmail = bind("ownerEmail == $auth.email", Map.of(), Map.of("email", "ann@example.org"));
        assertTrue(byEmail.visible(NOTE, note("x", "ann@example.org", 0)));
        assertFalse(byEmail.visible(NOTE, note("x", "bob@example.org", 0)));
        ClientFilter nested =
                bind("ownerEmail == $auth.user_properties.team.v", Map.of(), Map.of("user_properties.team.v", "blue"));
        assertTrue(nested.visible(NOTE, note("x", "blue", 0)));
        assertTrue(
                bind("title == $client.team", Map.of("team", "red"), Map.of()).visible(NOTE, note("red", "", 0)));
        assertThrows(
                SyncFilters.MissingVariableException.class, () -> bind("title == $client.team", Map.of(), Map.of()));
        assertTrue(
                bind("title == ${client.team ?? 'green'}", Map.of(), Map.of()).visible(NOTE, note("green", "", 0)));
    }

    @Test
    @DisplayName("C57 IN with \\, and \\\\ escapes, integer IN, IN~ case-insensitive")
    void c57In() {
        assertEquals(List.of("a,b", "c\\d", "e"), SyncFilters.splitList("a\\,b,c\\\\d,e"));
        ClientFilter strings = bind("title IN $client.titles", Map.of("titles", "a\\,b,c"), Map.of());
        assertTrue(strings.visible(NOTE, note("a,b", "", 0)));
        assertFalse(strings.visible(NOTE, note("a", "", 0)));
        ClientFilter ints = bind("priority IN $client.p", Map.of("p", "1,3,5"), Map.of());
        assertTrue(ints.visible(NOTE, note("", "", 3)));
        assertFalse(ints.visible(NOTE, note("", "", 2)));
        assertTrue(
                bind("title IN~ $client.t", Map.of("t", "MILK,eggs"), Map.of()).visible(NOTE, note("Milk", "", 0)));
    }

    @Test
    @DisplayName("C58 client variables convert to the property type: int, float, date, bool (only \"true\")")
    void c58Conversion() {
        assertTrue(bind("priority >= $client.min", Map.of("min", "2"), Map.of()).visible(NOTE, note("", "", 3)));
        assertTrue(bind("stamp == $client.s", Map.of("s", "5"), Map.of()).visible(NOTE, note("", "", 0)));
        assertEquals(
                1.5,
                SyncFilters.convert(
                        "1.5",
                        MODEL.entityNamed("Note")
                                .orElseThrow()
                                .property("priority")
                                .map(p -> new io.quintet.objectstore.model.Property(
                                        p.id(), p.name(), 8, 0, null, p.indexId()))
                                .orElseThrow()));
        io.quintet.objectstore.model.Property bool = new io.quintet.objectstore.model.Property(
                NOTE.property("title").orElseThrow().id(), "b", 1, 0, null, io.quintet.objectstore.model.IdUid.NONE);
        assertEquals(true, SyncFilters.convert("true", bool));
        assertEquals(false, SyncFilters.convert("TRUE", bool));
        assertEquals(false, SyncFilters.convert("1", bool));
    }

    @Test
    @DisplayName("C61 C62 the filter signature changes with the definition or the variables used")
    void signatures() {
        String a = bind("title == $client.t", Map.of("t", "a"), Map.of()).signature();
        assertEquals(
                a,
                bind("title == $client.t", Map.of("t", "a", "unused", "x"), Map.of())
                        .signature());
        assertNotEquals(
                a, bind("title == $client.t", Map.of("t", "b"), Map.of()).signature());
        assertNotEquals(
                a, bind("title != $client.t", Map.of("t", "a"), Map.of()).signature());
    }
}
