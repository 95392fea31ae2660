package io.quintet.kosync;

import io.quintet.protocol.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** What a KOReader client sends, over {@link RawHttp}, under the service's prefix. */
public final class KosyncClient {

    public static final String PREFIX = "/kosync";
    public static final String VENDOR = "Accept: application/vnd.koreader.v1+json";
    public static final String JSON_TYPE = "Content-Type: application/json";

    private KosyncClient() {}

    /** A fresh account name, so tests sharing one database never collide. */
    public static String uniqueName(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** KOReader's key: the MD5 of the typed password in lowercase hex. */
    public static String md5(String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RawHttp.Reply register(String username, String key) {
        return send(
                "POST",
                "/users/create",
                List.of(VENDOR, JSON_TYPE),
                "{\"username\":" + quote(username) + ",\"password\":" + quote(key) + "}");
    }

    /** Registers a fresh account and returns its name; the key is {@code key}. */
    public static String registered(String hint, String key) {
        String name = uniqueName(hint);
        RawHttp.Reply reply = register(name, key);
        if (reply.status() != 201) {
            throw new IllegalStateException("registration failed: " + reply);
        }
        return name;
    }

    public static RawHttp.Reply auth(String username, String key) {
        return send("GET", "/users/auth", credentials(username, key), null);
    }

    public static RawHttp.Reply push(String username, String key, String json) {
        List<String> headers = credentials(username, key);
        headers.add(JSON_TYPE);
        return send("PUT", "/syncs/progress", headers, json);
    }

    public static RawHttp.Reply pull(String username, String key, String document) {
        return send("GET", "/syncs/progress/" + document, credentials(username, key), null);
    }

    public static List<String> credentials(String username, String key) {
        List<String> headers = new ArrayList<>();
        headers.add(VENDOR);
        headers.add("x-auth-user: " + username);
        headers.add("x-auth-key: " + key);
        return headers;
    }

    public static RawHttp.Reply send(String method, String path, List<String> headers, String body) {
        return RawHttp.send(
                method, PREFIX + path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public static String pushBody(String document, double percentage, String progress, String device, String deviceId) {
        return "{\"document\":" + quote(document) + ",\"percentage\":" + percentage + ",\"progress\":" + quote(progress)
                + ",\"device\":" + quote(device) + (deviceId == null ? "" : ",\"device_id\":" + quote(deviceId)) + "}";
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
