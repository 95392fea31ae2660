package io.quintet.objectstore.cluster;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** Who this replica is in the replicas table: host name, process ID and a random suffix (a reused PID is another replica). */
@Singleton
public class ReplicaIdentity {

    private final String host;
    private final long pid = ProcessHandle.current().pid();
    private final Instant started = Instant.now();
    private final String id;

    public ReplicaIdentity() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            h = "localhost";
        }
        host = h;
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        id = host + "-" + pid + "-" + HexFormat.of().formatHex(random);
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public long pid() {
        return pid;
    }

    public Instant started() {
        return started;
    }
}
