package io.quintet.gateway.certificate;

import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.config.LinkoraConfigFile;
import io.quintet.protocol.linkora.LinkoraBearer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Linkora server token guarding certificate regeneration, checked by the same code and the same
 * configuration rule as the Linkora service itself ({@link LinkoraBearer}: the four 401 messages of
 * protocols/linkora.md 3.2, constant-time comparison; the token from linkoraConfig.json or
 * {@code LINKORA_SERVER_AUTH_TOKEN} as spec 12.1 says). Never logged.
 */
@ApplicationScoped
public class LinkoraServerToken {

    /** The outcome of checking an Authorization header. */
    public record Check(boolean accepted, int status, String message) {
        static Check refused(int status, String message) {
            return new Check(false, status, message);
        }

        /** A well-formed token that is not the configured one: a guess, as far as throttling is concerned. */
        public boolean wrongToken() {
            return !accepted && status == 401 && LinkoraBearer.INVALID_TOKEN.equals(message);
        }
    }

    static final String NOT_CONFIGURED = "No Linkora server token is configured: set LINKORA_SERVER_AUTH_TOKEN "
            + "(or serverAuthToken in linkoraConfig.json) to allow certificate regeneration.";

    private final GatewayConfig.Linkora settings;
    private final LinkoraConfigFile configFile;
    private final Optional<String> useEnvironment;

    public LinkoraServerToken(
            GatewayConfig config,
            LinkoraConfigFile configFile,
            @ConfigProperty(name = "LINKORA_SERVER_USE_ENV_VAL") Optional<String> useEnvironment) {
        this.settings = config.linkora();
        this.configFile = configFile;
        this.useEnvironment = useEnvironment;
    }

    /** Blocking (may read linkoraConfig.json). */
    public Check check(String authorization) {
        return check(authorization, this::configured);
    }

    static Check check(String authorization, Supplier<Optional<String>> expected) {
        // the refusals that do not depend on the token come first, as on the service
        LinkoraBearer.Verdict shape = LinkoraBearer.check(authorization, null);
        if (!LinkoraBearer.INVALID_TOKEN.equals(shape.refusal())) {
            return Check.refused(401, shape.refusal());
        }
        Optional<String> configured = expected.get();
        if (configured.isEmpty()) {
            return Check.refused(403, NOT_CONFIGURED);
        }
        LinkoraBearer.Verdict verdict = LinkoraBearer.check(authorization, configured.get());
        return verdict.accepted() ? new Check(true, 200, "") : Check.refused(401, verdict.refusal());
    }

    private Optional<String> configured() {
        LinkoraConfigFile.Values file = configFile.read();
        return LinkoraBearer.configuredToken(
                useEnvironment.orElse(null), settings.serverAuthToken(), file.present(), file.serverAuthToken());
    }
}
