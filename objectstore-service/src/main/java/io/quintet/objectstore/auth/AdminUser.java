package io.quintet.objectstore.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Set;

/** An admin user (4.5): bcrypt password hash and comma-separated roles. A plain record, so Panache holds it. */
@Entity
@Table(name = "users", schema = "objectstore")
public class AdminUser extends PanacheEntityBase {

    public static final String ADMIN = "admin", VIEWER = "viewer", SYNC = "sync", SYNC_READONLY = "sync-readonly";

    @Id
    public String name;

    @Column(name = "password_hash")
    public String passwordHash;

    public String roles;

    public Set<String> roleSet() {
        return Set.of(roles.split(","));
    }
}
