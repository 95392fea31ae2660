package io.quintet.gateway.tls;

import java.nio.file.Path;
import java.util.List;

/** Where the served certificate comes from: the operator's files or the generated one. Blocking I/O. */
interface CertificateSource {

    ServerIdentity load();

    /** The files whose replacement on disk should be picked up without a restart. */
    List<Path> files();

    String describe();
}
