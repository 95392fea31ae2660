package io.quintet.synkronus.user.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quintet.synkronus.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /** Names are case-sensitive, as in the reference. */
    public Uni<User> findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
