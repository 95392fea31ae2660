package io.quintet.synkronus.http;

import java.util.Optional;

/** The three roles, stored and sent as these strings (synkronus.md 3). No hierarchy: checks list roles. */
public enum Role {
    READ_ONLY("read-only"),
    READ_WRITE("read-write"),
    ADMIN("admin");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.wire.equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
