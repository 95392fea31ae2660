package io.quintet.gateway.landing;

import io.quintet.gateway.health.UpstreamProbe;
import io.quintet.gateway.tls.ServerIdentity;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** Renders the landing page: per protocol its state and the URL to type, then the certificate to compare. */
final class LandingPage {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private LandingPage() {}

    /** Linkora's own listener pair, when open: apps set up for a Linkora server keep their URL. */
    record LinkoraPorts(int httpsPort, int httpPort) {}

    static String render(
            List<UpstreamProbe.RouteStatus> routes,
            String host,
            int httpsPort,
            int httpPort,
            ServerIdentity identity,
            String certificatePagePath,
            Optional<LinkoraPorts> linkoraPorts) {
        StringBuilder html = new StringBuilder(4096);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Quintet</title>
                <style>
                body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
                table { border-collapse: collapse; width: 100%; }
                th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
                code { background: #f3f3f3; padding: .1rem .3rem; word-break: break-all; }
                .ready { color: #1a7f37; font-weight: bold; }
                .down { color: #b42318; font-weight: bold; }
                .off { color: #777; }
                small { color: #555; }
                </style>
                </head>
                <body>
                <h1>Quintet</h1>
                <p>Point each app at the URL below. This server is reachable as <code>""").append(escape(host)).append("""
                </code>.</p>
                <table>
                <thead><tr><th>Protocol</th><th>State</th><th>URL to type into the app</th></tr></thead>
                <tbody>
                """);
        for (UpstreamProbe.RouteStatus status : routes) {
            ClientInstructions app = ClientInstructions.forRoute(status.route());
            String state;
            String css;
            if (!status.configured()) {
                state = "not running";
                css = "off";
            } else if (status.ready()) {
                state = "ready";
                css = "ready";
            } else {
                state = "not ready";
                css = "down";
            }
            html.append("<tr id=\"route-")
                    .append(escape(status.route().name()))
                    .append("\">")
                    .append("<td><strong>")
                    .append(escape(app.protocol()))
                    .append("</strong><br><small>")
                    .append(escape(app.apps()))
                    .append("</small></td>")
                    .append("<td class=\"")
                    .append(css)
                    .append("\">")
                    .append(state)
                    .append("</td>")
                    .append("<td><code>")
                    .append(escape(app.url(status.route(), host, httpsPort)))
                    .append("</code><br><small>")
                    .append(escape(app.hint()));
            if (httpPort > 0) { // no plain URL when insecure requests are redirected or disabled
                html.append(" Without TLS on the LAN: <code>")
                        .append(escape(app.plainUrl(status.route(), host, httpPort)))
                        .append("</code>");
            }
            if (status.route().name().equals("linkora") && linkoraPorts.isPresent()) {
                html.append(
                                " Apps still set up for a Linkora server can keep its address: <code id=\"linkora-legacy\">")
                        .append(escape(rootUrl("https", host, linkoraPorts.get().httpsPort())))
                        .append("</code>");
                if (linkoraPorts.get().httpPort() > 0) {
                    html.append(" (or <code>")
                            .append(escape(
                                    rootUrl("http", host, linkoraPorts.get().httpPort())))
                            .append("</code>)");
                }
                html.append(".");
            }
            html.append("</small></td></tr>\n");
        }
        html.append(
                        "</tbody></table>\n<h2>Certificate</h2>\n<p>On first connect, check that the app or browser shows this SHA-256 fingerprint:</p>\n<p><code id=\"fingerprint\">")
                .append(escape(identity.sha256Fingerprint()))
                .append("</code></p>\n<ul>\n<li>Source: ")
                .append(escape(identity.origin()))
                .append("</li>\n<li>Valid until: ")
                .append(DATE.format(identity.leaf().getNotAfter().toInstant()))
                .append("</li>\n<li>Names: ")
                .append(escape(String.join(", ", identity.subjectAlternativeNames())))
                .append("</li>\n</ul>\n")
                .append(
                        "<p>Download: <a href=\"/certificate.cer\">certificate.cer</a> (import this into the Linkora app) · ")
                .append("<a href=\"/certificate.pem\">certificate.pem</a> (browsers, other tools) · ")
                .append("<a href=\"")
                .append(escape(certificatePagePath))
                .append("\">generate a new certificate</a> (needs the Linkora server token)</p>\n")
                .append(
                        "<p><small>Health: <a href=\"/q/health/ready\">/q/health/ready</a> · metrics: <a href=\"/q/metrics\">/q/metrics</a></small></p>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static String rootUrl(String scheme, String host, int port) {
        return scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port
                + "/";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
