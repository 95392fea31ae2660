package io.quintet.linkora.extension;

/**
 * The two informational pages: {@code SERVER_IS_CONFIGURED} (reference up to 0.2.0, spec 7.10) and
 * the certificate page as this service alone can offer it (spec 7.8.1; the gateway owns TLS).
 */
public final class LegacyPages {

    /** What {@code POST /generate/certs-and-keystore} answers when it reaches the service itself. */
    public static final String CERTIFICATES_AT_GATEWAY =
            "Certificates are managed by the Quintet gateway; open this page through the gateway.";

    private LegacyPages() {}

    public static String serverIsConfigured(String version) {
        String v = ExtensionPage.escape(version);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"/><title>Linkora sync server is configured</title></head>
                <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem;">
                <h1>The Linkora sync server is running</h1>
                <p>Quintet linkora-service, version <strong id="version">%s</strong>, speaking the Linkora sync server 0.3.0 protocol.</p>
                <p>In the Linkora app, open the sync settings and enter this server's address (through the Quintet
                gateway: <code>https://&lt;host&gt;:8443/linkora/</code>) and the server token.
                The app needs the gateway's certificate (<code>linkoraServerCert.cer</code>) imported.</p>
                </body>
                </html>
                """.formatted(v);
    }

    /**
     * The certificate page with the reference's ids; its buttons post to the page's own path, which
     * through the gateway reaches the gateway's certificate routes (they are matched before the
     * service's prefix is proxied) and here reaches {@link #CERTIFICATES_AT_GATEWAY}.
     */
    public static final String CERTIFICATE_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"/><title>Linkora certificates and keystore</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem;">
            <h1>Certificates and keystore</h1>
            <p>The HTTPS certificate of this server is kept by the Quintet gateway. Open this page through the
            gateway (<code>https://&lt;host&gt;:8443/linkora/generate/certs-and-keystore</code>) to regenerate or download it.</p>
            <label for="authToken">Server token</label>
            <input type="password" id="authToken" autocomplete="off"/>
            <button id="generate-btn" type="button">Generate</button>
            <button id="download-btn" type="button">Generate and download</button>
            <script>
            (function () {
              function send(download) {
                return fetch(window.location.pathname + (download ? '?download=true' : ''), {
                  method: 'POST',
                  headers: { 'Authorization': 'Bearer ' + document.getElementById('authToken').value }
                }).then(function (response) {
                  if (!response.ok) {
                    return response.text().then(function (text) { throw new Error(response.status + ' ' + text); });
                  }
                  return response;
                });
              }
              document.getElementById('generate-btn').addEventListener('click', function () {
                send(false).then(function (r) { return r.text(); }).then(alert).catch(function (e) { alert(e.message); });
              });
              document.getElementById('download-btn').addEventListener('click', function () {
                send(true).then(function (r) { return r.blob(); }).then(function (blob) {
                  var a = document.createElement('a');
                  a.href = URL.createObjectURL(blob);
                  a.download = 'linkora-certs-and-keystore.zip';
                  a.click();
                }).catch(function (e) { alert(e.message); });
              });
            })();
            </script>
            </body>
            </html>
            """;
}
