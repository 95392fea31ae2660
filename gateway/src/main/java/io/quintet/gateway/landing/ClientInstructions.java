package io.quintet.gateway.landing;

import io.quintet.gateway.routing.Route;
import java.util.Map;

/** What to type into each protocol's app, from the protocol specifications under shared/protocols. */
record ClientInstructions(String protocol, String apps, String scheme, boolean trailingSlash, String hint) {

    private static final Map<String, ClientInstructions> KNOWN = Map.of(
            "linkora",
                    new ClientInstructions(
                            "Linkora",
                            "Linkora app (Android, desktop, web) and browser extension",
                            "https",
                            true,
                            "Server URL in the app's sync settings; import certificate.cer there too. "
                                    + "Live updates need HTTPS (the app always opens wss://…/events)."),
            "synkronus",
                    new ClientInstructions(
                            "Synkronus",
                            "Formulus, Synkronus Portal, ODE Desktop",
                            "https",
                            false,
                            "Server URL; the apps append /api/…"),
            "objectstore",
                    new ClientInstructions(
                            "ObjectStore (OSP/1)",
                            "OSP/1 client SDKs",
                            "wss",
                            true,
                            "Sync server URL of the client SDK."),
            "kosync",
                    new ClientInstructions(
                            "KOSync",
                            "KOReader: Progress sync → Custom sync server",
                            "https",
                            false,
                            "Custom sync server URL, then register or log in."),
            "kora",
                    new ClientInstructions(
                            "Kora",
                            "Kora.js apps (@korajs/sync)",
                            "wss",
                            true,
                            "The sync URL given to createApp / SyncEngine."));

    static ClientInstructions forRoute(Route route) {
        return KNOWN.getOrDefault(
                route.name(),
                new ClientInstructions(route.name(), "HTTP clients", "https", false, "Base URL of the service."));
    }

    /** The URL to type, e.g. {@code https://192.168.1.5:8443/kosync}. */
    String url(Route route, String host, int httpsPort) {
        return scheme + "://" + hostForUrl(host) + (httpsPort == 443 ? "" : ":" + httpsPort) + route.prefix()
                + (trailingSlash ? "/" : "");
    }

    /** The plain-HTTP alternative on the LAN (no certificate to import, no encryption). */
    String plainUrl(Route route, String host, int httpPort) {
        String plainScheme = scheme.equals("wss") ? "ws" : "http";
        return plainScheme + "://" + hostForUrl(host) + (httpPort == 80 ? "" : ":" + httpPort) + route.prefix()
                + (trailingSlash ? "/" : "");
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
