package io.quintet.linkora.write;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Only the server's clock stamps data, in epoch seconds (spec 4.4, 8.6). */
@ApplicationScoped
public class ServerClock {

    public long nowSeconds() {
        return Instant.now().getEpochSecond();
    }
}
