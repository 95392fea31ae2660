package io.quintet.kosync;

import io.quintet.protocol.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Calls to the admin API with the test profile's token. */
public final class Admin {

    public static final String TOKEN = "test-admin-token";
    public static final String AUTH = "Authorization: Bearer " + TOKEN;

    private Admin() {}

    public static RawHttp.Reply call(String method, String path, String json) {
        return KosyncClient.send(method, "/admin" + path, List.of(AUTH, KosyncClient.JSON_TYPE), json);
    }

    public static RawHttp.Reply importFile(byte[] data, String query) {
        return RawHttp.send(
                "POST",
                KosyncClient.PREFIX + "/admin/import" + query,
                List.of(AUTH, "Content-Type: application/octet-stream"),
                data);
    }

    public static RawHttp.Reply createUser(String username, String password) {
        return call(
                "POST",
                "/users",
                "{\"username\":" + KosyncClient.quote(username) + ",\"password\":" + KosyncClient.quote(password)
                        + "}");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
