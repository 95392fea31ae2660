package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * C135: the app's import burst (2 000 sequential creates over one keep-alive connection) and the full
 * read that follows. The budget here is deliberately loose — a guard against pathologies (a lock
 * convoy, a per-row query), not a performance goal: those are measured by {@code bench linkora}.
 */
@QuarkusTest
class ThroughputSmokeTest {

    /** Budget for 2 000 creates plus one full GET_UPDATES on a loaded 2-core CI machine (the reference needs ~45 s). */
    private static final Duration BUDGET = Duration.ofSeconds(90);

    private static final int CONCURRENT = 64;
    private static final int LINKS = 2_000;

    @TestHTTPResource("/")
    URI base;

    @Test
    @DisplayName(
            "C135 2 000 sequential link creates and one full GET_UPDATES complete within the budget, every link present")
    void burstThenFullRead() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        long started = System.nanoTime();
        long firstStamp = -1;
        Set<Long> created = new HashSet<>();
        for (int i = 0; i < LINKS; i++) {
            String body = Requests.linkBody("SAVED_LINK", "burst " + i, "https://example.com/burst/" + i, null, "[]");
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(base.resolve("CREATE_A_NEW_LINK"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode created1 = json.readTree(answer.body());
            created.add(created1.get("id").asLong());
            if (firstStamp < 0) {
                firstStamp = created1.get("timeStampBasedResponse")
                        .get("eventTimestamp")
                        .asLong();
            }
        }
        HttpResponse<String> updates = client.send(
                HttpRequest.newBuilder(base.resolve("GET_UPDATES?eventTimestamp=" + (firstStamp - 1)))
                        .header("Authorization", "Bearer " + TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(200, updates.statusCode());
        Set<Long> listed = new HashSet<>();
        for (JsonNode link : json.readTree(updates.body()).get("links")) {
            listed.add(link.get("id").asLong());
        }
        assertEquals(LINKS, created.size(), "every create got its own id");
        assertTrue(listed.containsAll(created), "GET_UPDATES lists every created link");
        assertTrue(took.compareTo(BUDGET) < 0, "took " + took);
    }

    @Test
    @DisplayName(
            "C135 concurrent creates share group statements: every request is answered the id of its own row, once")
    void concurrentCreatesGetTheirOwnIds() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        String run = Long.toString(System.nanoTime());
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            String body = Requests.linkBody(
                    "SAVED_LINK", "group " + i, "https://example.com/group/" + run + "/" + i, null, "[]");
            answers.add(client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("CREATE_A_NEW_LINK"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<Long, String> urlById = new HashMap<>();
        long stamp = Long.MAX_VALUE;
        for (int i = 0; i < CONCURRENT; i++) {
            HttpResponse<String> answer = answers.get(i).get();
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode created = json.readTree(answer.body());
            assertTrue(
                    urlById.put(created.get("id").asLong(), "https://example.com/group/" + run + "/" + i) == null,
                    "ids are distinct");
            stamp = Math.min(
                    stamp,
                    created.get("timeStampBasedResponse").get("eventTimestamp").asLong());
        }
        HttpResponse<String> updates = client.send(
                HttpRequest.newBuilder(base.resolve("GET_UPDATES?eventTimestamp=" + (stamp - 1)))
                        .header("Authorization", "Bearer " + TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        int found = 0;
        for (JsonNode link : json.readTree(updates.body()).get("links")) {
            String expected = urlById.get(link.get("id").asLong());
            if (expected != null) {
                assertEquals(expected, link.get("url").asText(), "the id answered to a request is its own row's");
                found++;
            }
        }
        assertEquals(CONCURRENT, found);
    }
}
