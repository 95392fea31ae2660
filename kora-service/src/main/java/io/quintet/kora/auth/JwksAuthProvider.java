package io.quintet.kora.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Handshake tokens signed RS256 by an external identity provider, verified by smallrye-jwt against
 * the provider's JWKS (or a fixed public key): signature, {@code exp}, and {@code iss} / {@code aud}
 * when configured. The user is {@code sub}; {@code jti} and {@code dev} go through the user
 * directory like Kora's own tokens. Verification may fetch the JWKS, so it runs on a worker thread.
 */
public final class JwksAuthProvider implements AuthProvider {

    private final DefaultJWTParser parser;
    private final KoraUserDirectory directory;

    public JwksAuthProvider(
            String location,
            Optional<String> issuer,
            Optional<List<String>> audience,
            int refreshMinutes,
            KoraUserDirectory directory) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(location, issuer.orElse(null));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        audience.filter(a -> !a.isEmpty()).ifPresent(a -> context.setExpectedAudience(Set.copyOf(a)));
        context.setJwksRefreshInterval(refreshMinutes);
        this.parser = new DefaultJWTParser(context);
        this.directory = directory;
    }

    @Override
    public Uni<AuthContext> authenticate(String token) {
        if (token == null || token.isBlank()) return Uni.createFrom().nullItem();
        return Uni.createFrom()
                .item(() -> parse(token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(jwt -> jwt == null || jwt.getSubject() == null
                        ? Uni.createFrom().nullItem()
                        : directory.authorize(
                                jwt.getSubject(), claim(jwt, "dev"), jwt.getTokenID() == null ? "" : jwt.getTokenID()));
    }

    private JsonWebToken parse(String token) {
        try {
            return parser.parse(token);
        } catch (ParseException | RuntimeException refused) {
            return null;
        }
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        return value == null ? "" : value.toString().replaceAll("^\"|\"$", "");
    }
}
