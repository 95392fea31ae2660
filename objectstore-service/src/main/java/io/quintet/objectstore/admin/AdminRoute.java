package io.quintet.objectstore.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource whose every route needs an admin session: GET/HEAD for any admin user (admin or
 * viewer), other methods for the admin role only (see {@link AdminGuard}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AdminRoute {}
