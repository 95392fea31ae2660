package io.quintet.kosync;

import static io.quintet.kosync.KosyncClient.VENDOR;
import static io.quintet.kosync.KosyncClient.credentials;
import static io.quintet.kosync.KosyncClient.send;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.protocol.testing.RawHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The third-party verifier's checks (spec 13.2), by id and level, run against this service over
 * the wire. Profile flags as the verifier's: register, strict Accept, registration off, and the
 * isolation check with a second account.
 */
final class ConformanceVerifier {

    record Profile(
            boolean register,
            boolean strictAccept,
            boolean registrationOff,
            String user,
            String key,
            String secondUser,
            String secondKey) {}

    private final Profile profile;
    private final Map<String, Boolean> must = new LinkedHashMap<>();
    private final Map<String, Boolean> should = new LinkedHashMap<>();

    ConformanceVerifier(Profile profile) {
        this.profile = profile;
    }

    List<String> mustFailures() {
        return failures(must);
    }

    List<String> shouldFailures() {
        return failures(should);
    }

    int checks() {
        return must.size() + should.size();
    }

    ConformanceVerifier run() {
        String user = profile.user();
        String key = profile.key();
        if (profile.register()) {
            RawHttp.Reply reg = KosyncClient.register(user, key);
            must.put(
                    "K-REG-2",
                    reg.status() == 201
                            && Json.tree(reg).path("username").asText().equals(user));
            must.put("K-REG-1", KosyncClient.auth(user, key).status() == 200);
            RawHttp.Reply dup = KosyncClient.register(user, key);
            should.put(
                    "K-REG-3",
                    dup.status() == 402 && Json.tree(dup).path("code").asInt() == 2002);
            RawHttp.Reply empty = KosyncClient.register("", "");
            should.put(
                    "K-REG-4",
                    empty.status() == 403 && Json.tree(empty).path("code").asInt() == 2003);
            should.put("K-AUTH-4", KosyncClient.register("a:b", key).status() == 403);
        }
        if (profile.registrationOff()) {
            RawHttp.Reply off = KosyncClient.register(KosyncClient.uniqueName("off"), key);
            should.put(
                    "K-REG-5",
                    off.status() == 402 && Json.tree(off).path("code").asInt() == 2005);
        }
        RawHttp.Reply auth = KosyncClient.auth(user, key);
        must.put("K-ACC-1", auth.status() == 200);
        must.put("K-CT-3", "application/json".equals(auth.header("Content-Type")));
        must.put("K-AUTH-7", auth.status() == 200 && Json.tree(auth).equals(Json.tree("{\"authorized\":\"OK\"}")));
        RawHttp.Reply bare = send("GET", "/syncs/progress", credentials(user, key), null);
        must.put("K-URL-3", bare.status() == 404 || bare.status() == 405);
        RawHttp.Reply none = send("GET", "/users/auth", List.of(VENDOR), null);
        RawHttp.Reply wrong = KosyncClient.auth(user, key + "x");
        RawHttp.Reply unknown = KosyncClient.auth(KosyncClient.uniqueName("nobody"), key);
        must.put("K-AUTH-6", none.status() == 401 && wrong.status() == 401 && unknown.status() == 401);
        should.put("K-ERR-1", Set.of("code", "message").equals(PushTest.fieldNames(Json.tree(wrong))));
        should.put("K-ERR-2001", Json.tree(wrong).path("code").asInt() == 2001);

        String doc = "c0ffee00c0ffee00c0ffee00c0ffee00";
        String progress = "/body/DocFragment[3]/body/p[9]/text().17";
        long start = System.nanoTime();
        RawHttp.Reply put = KosyncClient.push(
                user,
                key,
                "{\"document\":\"" + doc + "\",\"progress\":\"" + progress
                        + "\",\"percentage\":0.5432,\"device\":\"verifier\",\"device_id\":\"V-1\",\"timestamp\":1}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        must.put("K-PUT-3", put.status() == 200);
        JsonNode putBody = Json.tree(put);
        must.put(
                "K-PUT-3b",
                putBody.path("document").asText().equals(doc)
                        && putBody.path("timestamp").isNumber());
        must.put("K-SYNC-7", millis < 5000);
        must.put("K-PUT-7", put.status() != 202);
        long ts = putBody.path("timestamp").asLong();
        must.put("K-FLD-14", Math.abs(ts - System.currentTimeMillis() / 1000) < 86_400);
        must.put("K-PUT-4", ts != 1);
        RawHttp.Reply get = KosyncClient.pull(user, key, doc);
        JsonNode got = Json.tree(get);
        must.put("K-GET-2", get.status() == 200);
        must.put("K-FLD-3", progress.equals(got.path("progress").asText()));
        must.put("K-FLD-4", Math.abs(got.path("percentage").asDouble() - 0.5432) < 1e-6);
        must.put("K-FLD-6", "verifier".equals(got.path("device").asText()));
        must.put("K-FLD-13", got.has("timestamp"));
        should.put("K-FLD-7", "V-1".equals(got.path("device_id").asText()));
        should.put("K-GET-2b", doc.equals(got.path("document").asText()));
        RawHttp.Reply unknownDoc = KosyncClient.pull(user, key, "ffffffffffffffffffffffffffffffff");
        must.put("K-GET-3", unknownDoc.status() == 200);
        must.put("K-GET-3b", !Json.tree(unknownDoc).has("percentage"));
        must.put(
                "K-PUT-2b",
                KosyncClient.push(user, key, KosyncClient.pushBody("zero-doc", 0, "1", "v", null))
                                .status()
                        == 200);
        KosyncClient.push(user, key, KosyncClient.pushBody(doc, 0.1, "back", "verifier", "V-1"));
        must.put(
                "K-PUT-5",
                Json.tree(KosyncClient.pull(user, key, doc)).path("percentage").asDouble() == 0.1);
        must.put(
                "K-FLD-10",
                KosyncClient.push(
                                        user,
                                        key,
                                        "{\"document\":\"meta-doc\",\"progress\":\"1\",\"percentage\":0.2,"
                                                + "\"device\":\"v\",\"metadata\":{\"filename\":\"a.epub\",\"title\":\"A\",\"authors\":\"B\"}}")
                                .status()
                        == 200);
        KosyncClient.push(user, key, KosyncClient.pushBody("meta-doc", 0.3, "2", "v", null));
        must.put(
                "K-FLD-11",
                Json.tree(KosyncClient.pull(user, key, "meta-doc"))
                                .path("percentage")
                                .asDouble()
                        == 0.3);
        if (profile.secondUser() != null) {
            KosyncClient.push(
                    profile.secondUser(), profile.secondKey(), KosyncClient.pushBody(doc, 0.9, "second", "v2", null));
            must.put(
                    "K-ISO-1",
                    "back"
                                    .equals(Json.tree(KosyncClient.pull(user, key, doc))
                                            .path("progress")
                                            .asText())
                            && "second"
                                    .equals(Json.tree(KosyncClient.pull(profile.secondUser(), profile.secondKey(), doc))
                                            .path("progress")
                                            .asText()));
        }
        if (profile.strictAccept()) {
            RawHttp.Reply noVendor = send(
                    "GET", "/users/auth", List.of("Accept: */*", "x-auth-user: " + user, "x-auth-key: " + key), null);
            int code = Json.tree(noVendor).path("code").asInt();
            must.put("K-ACC-2", noVendor.status() == 412 && (code == 100 || code == 101));
        } else {
            should.put(
                    "K-ACC-3",
                    send(
                                            "GET",
                                            "/users/auth",
                                            List.of("Accept: */*", "x-auth-user: " + user, "x-auth-key: " + key),
                                            null)
                                    .status()
                            == 200);
        }
        List<String> plain = credentials(user, key);
        plain.add("Content-Type: text/plain");
        should.put(
                "K-CT-2",
                send("PUT", "/syncs/progress", plain, KosyncClient.pushBody("ct-doc", 0.4, "1", "v", null))
                                .status()
                        == 200);
        int array = KosyncClient.push(user, key, "[]").status();
        should.put("K-BODY-1", array >= 400 && array < 500);
        should.put("K-HC-1", send("GET", "/healthcheck", List.of(VENDOR), null).status() == 200);
        RawHttp.Reply noDoc = KosyncClient.push(user, key, "{\"progress\":\"1\",\"percentage\":0.1,\"device\":\"v\"}");
        should.put(
                "K-PUT-1",
                noDoc.status() == 403 && Json.tree(noDoc).path("code").asInt() == 2004);
        BooleanSupplier missingFields = () -> {
            for (String body : new String[] {
                "{\"document\":\"x\",\"progress\":\"1\",\"device\":\"v\"}",
                "{\"document\":\"x\",\"percentage\":0.1,\"device\":\"v\"}",
                "{\"document\":\"x\",\"percentage\":0.1,\"progress\":\"1\"}"
            }) {
                RawHttp.Reply r = KosyncClient.push(user, key, body);
                if (r.status() != 403 || Json.tree(r).path("code").asInt() != 2003) return false;
            }
            return true;
        };
        should.put("K-PUT-2", missingFields.getAsBoolean());
        boolean ids = true;
        for (String id : new String[] {"a-b", "x.y"}) {
            KosyncClient.push(user, key, KosyncClient.pushBody(id, 0.5, "id", "v", null));
            ids &= "id"
                    .equals(Json.tree(KosyncClient.pull(user, key, id))
                            .path("progress")
                            .asText());
        }
        int colonPut = KosyncClient.push(user, key, KosyncClient.pushBody("a:b", 0.5, "id", "v", null))
                .status();
        should.put("K-DOC-ID-1", ids && colonPut == 403);
        return this;
    }

    private static List<String> failures(Map<String, Boolean> checks) {
        List<String> failed = new ArrayList<>();
        checks.forEach((id, ok) -> {
            if (!ok) failed.add(id);
        });
        return failed;
    }
}
