package io.quintet.objectstore;

import io.quintet.objectstore.config.SyncServerSettings;
import java.util.ArrayList;
import java.util.List;

/** The credential types a configuration enables, in the names of 4.1. */
public final class AuthSummary {

    private AuthSummary() {}

    public static List<String> methods(SyncServerSettings s) {
        List<String> out = new ArrayList<>();
        if (s.unsecuredNoAuthentication()) out.add("NONE");
        if (s.sharedSecret().isPresent()) out.add("SHARED_SECRET_SIPPED");
        if (s.google().isPresent()) out.add("GOOGLE_AUTH");
        if (s.obxAdmin().isPresent()) out.add("OBX_ADMIN_USER");
        if (s.jwt().isPresent()) out.addAll(List.of("JWT_ID", "JWT_ACCESS", "JWT_REFRESH", "JWT_CUSTOM"));
        return out;
    }

    static String describe(SyncServerSettings s) {
        return String.join(", ", methods(s));
    }
}
