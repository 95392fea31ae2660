package io.quintet.gateway.certificate;

/**
 * The Linkora server's certificate page (protocols/linkora.md 7.8.1): a token field {@code authToken} and
 * the buttons {@code generate-btn} and {@code download-btn}. The script posts to the page's own path, so
 * it works under the {@code /linkora} prefix; the download is saved as {@code linkora-certs-and-keystore.zip}
 * and any non-2xx answer is shown in an alert, as the reference does.
 */
final class CertificatePage {

    static final String HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Linkora certificates and keystore</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
            input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
            button { margin: 1rem .5rem 0 0; padding: .5rem 1rem; font-size: 1rem; }
            p.note { color: #555; }
            </style>
            </head>
            <body>
            <h1>Certificates and keystore</h1>
            <p>Generates a new self-signed certificate for this server. The gateway serves it immediately;
            apps that imported the previous certificate must import the new <code>linkoraServerCert.cer</code>.</p>
            <label for="authToken">Server token</label>
            <input type="password" id="authToken" autocomplete="off" placeholder="LINKORA_SERVER_AUTH_TOKEN">
            <button id="generate-btn" type="button">Generate</button>
            <button id="download-btn" type="button">Generate and download</button>
            <p class="note">The download is a ZIP with linkoraServerCert.cer, linkoraServerCert.pem and linkoraServerCert.jks.</p>
            <script>
            (function () {
              var endpoint = window.location.pathname;
              function send(download) {
                var token = document.getElementById('authToken').value;
                return fetch(endpoint + (download ? '?download=true' : ''), {
                  method: 'POST',
                  headers: { 'Authorization': 'Bearer ' + token }
                }).then(function (response) {
                  if (!response.ok) {
                    return response.text().then(function (text) {
                      throw new Error(response.status + ' ' + response.statusText + (text ? ': ' + text : ''));
                    });
                  }
                  return response;
                });
              }
              document.getElementById('generate-btn').addEventListener('click', function () {
                send(false).then(function (r) { return r.text(); })
                  .then(function (text) { alert(text); })
                  .catch(function (e) { alert(e.message); });
              });
              document.getElementById('download-btn').addEventListener('click', function () {
                send(true).then(function (r) { return r.blob(); })
                  .then(function (blob) {
                    var link = document.createElement('a');
                    link.href = URL.createObjectURL(blob);
                    link.download = 'linkora-certs-and-keystore.zip';
                    document.body.appendChild(link);
                    link.click();
                    link.remove();
                    URL.revokeObjectURL(link.href);
                  })
                  .catch(function (e) { alert(e.message); });
              });
            })();
            </script>
            </body>
            </html>
            """;

    private CertificatePage() {}
}
