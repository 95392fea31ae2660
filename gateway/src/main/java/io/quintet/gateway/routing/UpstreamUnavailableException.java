package io.quintet.gateway.routing;

/** No replica of a route accepted a connection. Carries no stack trace: it is an expected outcome. */
public final class UpstreamUnavailableException extends RuntimeException {

    public UpstreamUnavailableException(String route, Throwable lastCause) {
        super(
                "no upstream of route " + route + " accepted a connection"
                        + (lastCause == null ? "" : " (" + lastCause.getMessage() + ")"),
                lastCause,
                false,
                false);
    }
}
