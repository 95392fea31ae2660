package io.quintet.gateway.tls;

import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.config.LinkoraConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/**
 * The password of the generated key store, as a Linkora install knows it: {@code LINKORA_KEY_STORE_PASSWORD},
 * else {@code keyStorePassword} from linkoraConfig.json, else a random one kept in
 * {@code <data>/gateway/keystore-password} (readable by the owner only). Never logged.
 */
final class KeyStorePasswords {

    static final String FILE = "keystore-password";

    private static final Logger LOG = Logger.getLogger(KeyStorePasswords.class);
    /** The reference server's alphabet and length for generated passwords. */
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*";

    private static final int LENGTH = 45;

    private KeyStorePasswords() {}

    static char[] resolve(GatewayConfig.Linkora linkora, LinkoraConfigFile configFile, Path directory) {
        if (linkora.keyStorePassword().filter(p -> !p.isEmpty()).isPresent()) {
            return linkora.keyStorePassword().get().toCharArray();
        }
        LinkoraConfigFile.Values values = configFile.read();
        if (values.keyStorePassword().filter(p -> !p.isEmpty()).isPresent()) {
            return values.keyStorePassword().get().toCharArray();
        }
        Path file = directory.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
            }
            SecureRandom random = new SecureRandom();
            StringBuilder password = new StringBuilder(LENGTH);
            for (int i = 0; i < LENGTH; i++) password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            StoreFiles.writeAtomically(file, password.toString().getBytes(StandardCharsets.UTF_8), true);
            LOG.infof("generated a key store password in %s (set LINKORA_KEY_STORE_PASSWORD to choose one)", file);
            return password.toString().toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the key store password file " + file, e);
        }
    }
}
