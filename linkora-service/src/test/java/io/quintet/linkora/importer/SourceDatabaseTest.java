package io.quintet.linkora.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourceDatabaseTest {

    @Test
    @DisplayName(
            "C127 database URLs without jdbc: for MySQL, PostgreSQL and SQLite are accepted, as the reference writes them")
    void referenceUrlForms() {
        assertEquals(
                "jdbc:mysql://192.168.1.20:3306/linkora",
                SourceDatabase.of("mysql://192.168.1.20:3306/linkora").jdbcUrl());
        assertEquals(
                SourceDatabase.Kind.MYSQL,
                SourceDatabase.of("mysql://h:3306/linkora").kind());
        assertEquals(
                "jdbc:mysql://h:3306/linkora",
                SourceDatabase.of("mariadb://h:3306/linkora").jdbcUrl());
        assertEquals(
                "jdbc:postgresql://h:5432/linkora",
                SourceDatabase.of("postgresql://h:5432/linkora").jdbcUrl());
        assertEquals(
                SourceDatabase.Kind.POSTGRESQL,
                SourceDatabase.of("postgresql://h:5432/linkora").kind());
        assertEquals(
                "jdbc:sqlite:/srv/linkora/linkora.db",
                SourceDatabase.of("sqlite:/srv/linkora/linkora.db").jdbcUrl());
        assertEquals(
                SourceDatabase.Kind.SQLITE,
                SourceDatabase.of("sqlite:linkora.db").kind());
        // with the prefix, unchanged
        assertEquals(
                "jdbc:postgresql://h/linkora",
                SourceDatabase.of("jdbc:postgresql://h/linkora").jdbcUrl());
        assertEquals("jdbc:sqlite:/x.db", SourceDatabase.of("jdbc:sqlite:/x.db").jdbcUrl());
        // a plain path is a SQLite file
        assertEquals(
                "jdbc:sqlite:" + Path.of("/srv/linkora.db").toAbsolutePath(),
                SourceDatabase.of("/srv/linkora.db").jdbcUrl());
        assertThrows(IllegalArgumentException.class, () -> SourceDatabase.of("oracle:thin:@h:1521:x"));
        assertThrows(IllegalArgumentException.class, () -> SourceDatabase.of(" "));
    }
}
