package io.quintet.kosync.admin.service;

import io.quintet.kosync.admin.repository.AdminRepository;
import io.quintet.kosync.auth.AccountRules;
import io.quintet.kosync.auth.repository.CredentialRepository;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import io.quintet.kosync.progress.Position;
import io.quintet.kosync.progress.repository.ProgressRepository;
import io.quintet.kosync.user.repository.UserRepository;
import io.quintet.kosync.user.service.AccountService;
import io.quintet.kosync.user.service.RegistrationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Account administration for operators, also when registration is off. The same rules as the
 * protocol apply to names and keys; deletions and key resets go through {@link AccountService}
 * so every replica forgets the old key.
 */
@ApplicationScoped
public class AdminUserService {

    public static final int MAX_HISTORY = 10_000;

    private final AdminRepository admin;
    private final UserRepository users;
    private final CredentialRepository credentials;
    private final ProgressRepository positions;
    private final RegistrationService registration;
    private final AccountService accounts;

    public AdminUserService(
            AdminRepository admin,
            UserRepository users,
            CredentialRepository credentials,
            ProgressRepository positions,
            RegistrationService registration,
            AccountService accounts) {
        this.admin = admin;
        this.users = users;
        this.credentials = credentials;
        this.positions = positions;
        this.registration = registration;
        this.accounts = accounts;
    }

    public Uni<List<AdminRepository.UserSummary>> list() {
        return admin.list();
    }

    public Uni<String> create(String username, String key) {
        if (!AccountRules.isValidName(username)) {
            return Uni.createFrom()
                    .failure(new KosyncException(KosyncError.ADMIN_INVALID_REQUEST, "Invalid user name."));
        }
        return registration.create(username, key, KosyncError.ADMIN_USERNAME_TAKEN);
    }

    public Uni<Void> delete(String username) {
        return accounts.delete(username).map(found -> found(found, null));
    }

    public Uni<Void> resetKey(String username, String key) {
        return accounts.changeKey(username, key).map(found -> found(found, null));
    }

    public Uni<List<Position>> history(String username, String documentOrNull, int limit) {
        return credentials
                .findKey(username)
                .chain(stored -> stored.isEmpty()
                        ? Uni.createFrom().failure(new KosyncException(KosyncError.ACCOUNT_NOT_FOUND))
                        : positions.history(
                                stored.get().id(), documentOrNull, Math.min(Math.max(limit, 1), MAX_HISTORY)));
    }

    /**
     * The account key for an admin request: either given as is ({@code key}), or derived from the
     * password the user types in KOReader, the way KOReader derives it (MD5, lowercase hex).
     */
    public static String keyOf(String key, String password) {
        if ((key == null) == (password == null)) {
            throw new KosyncException(
                    KosyncError.ADMIN_INVALID_REQUEST, "Give exactly one of \"password\" and \"key\".");
        }
        String result = key != null ? key : md5(password);
        if (password != null && password.isEmpty() || !AccountRules.isValidKey(result)) {
            throw new KosyncException(KosyncError.ADMIN_INVALID_REQUEST, "Invalid key.");
        }
        return result;
    }

    private static String md5(String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Void found(boolean found, Void nothing) {
        if (!found) {
            throw new KosyncException(KosyncError.ACCOUNT_NOT_FOUND);
        }
        return nothing;
    }
}
