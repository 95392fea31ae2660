package io.quintet.objectstore.admin;

import java.util.Set;

/** The admin user behind a request (a valid session): name and roles (4.5: admin writes, viewer reads). */
public record AdminCaller(String name, Set<String> roles) {

    public static final String KEY = "objectstore.admin.caller";

    public boolean canWrite() {
        return roles.contains(io.quintet.objectstore.auth.AdminUser.ADMIN);
    }

    public boolean canRead() {
        return canWrite() || roles.contains(io.quintet.objectstore.auth.AdminUser.VIEWER);
    }
}
