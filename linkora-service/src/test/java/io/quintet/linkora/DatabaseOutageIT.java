package io.quintet.linkora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 6: PostgreSQL stopped for some seconds under light load. The service logs the
 * outage in a few lines (one when it starts, a summary while it lasts, one when it ends), with no
 * stack trace per failed request and none of the pool's {@code Result is already complete} traces,
 * and serves again once the database is back. A real process at the launcher's memory settings.
 */
class DatabaseOutageIT {

    static final String TOKEN = "outage#token";

    static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    @Test
    @DisplayName("a PostgreSQL outage under load is logged in a few lines, without per-request traces")
    void outageIsLoggedBriefly() throws Exception {
        Path work = Path.of("target", "it-outage").toAbsolutePath();
        Path data = work.resolve("pg");
        Files.createDirectories(work);
        int pgPort = ServiceProcesses.freePort();
        EmbeddedPostgres pg = postgres(data, pgPort);
        int port = ServiceProcesses.freePort();
        Path log = work.resolve("linkora.log");
        try (ServiceProcesses processes = new ServiceProcesses()) {
            Process service = processes.start(
                    ServiceProcesses.jar("linkora.it.service-jar", "target/quarkus-app/quarkus-run.jar"),
                    Arrays.asList((LauncherHeapIT.LAUNCHER_OPTIONS + " " + LauncherHeapIT.BODY_MEMORY_OPTIONS)
                            .trim()
                            .split(" +")),
                    Map.of(
                            "QUINTET_DB_URL",
                            "postgresql://localhost:" + pgPort + "/postgres",
                            "QUINTET_DB_USER",
                            "postgres",
                            "QUINTET_DB_PASSWORD",
                            "postgres",
                            "QUARKUS_HTTP_PORT",
                            Integer.toString(port),
                            "QUARKUS_HTTP_HOST",
                            "127.0.0.1",
                            "LINKORA_SERVER_AUTH_TOKEN",
                            TOKEN,
                            "LINKORA_CONFIG_FILE",
                            work.resolve("linkoraConfig.json").toString(),
                            "QUINTET_DATA_DIR",
                            work.toString()),
                    log);
            String base = "http://127.0.0.1:" + port + "/linkora/";
            ServiceProcesses.awaitReady(service, base + "TEST_BEARER", TOKEN, log);
            long linesBefore = Files.readAllLines(log).size();

            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger served = new AtomicInteger();
            Thread load = new Thread(() -> {
                // light load: about 20 requests a second, a write and a read
                while (running.get()) {
                    for (HttpRequest request : List.of(
                            HttpRequest.newBuilder(URI.create(base + "CREATE_TAG"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"name\":\"t\",\"correlation\":{\"id\":\"o\",\"clientName\":\"O\"},\"eventTimestamp\":1}"))
                                    .build(),
                            HttpRequest.newBuilder(URI.create(base + "GET_UPDATES?eventTimestamp=0"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build())) {
                        try {
                            int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            (status == 200 ? served : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            load.start();
            Thread.sleep(2_000);
            pg.close();
            Thread.sleep(8_000);
            int failedDuringOutage = failed.get();
            pg = postgres(data, pgPort);
            // served again once the database is back (the pool reconnects by itself)
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int servedAtRestart = served.get();
            while (served.get() < servedAtRestart + 20 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000);
            running.set(false);
            load.join();
            assertTrue(failedDuringOutage > 10, "the outage was not felt: " + failedDuringOutage);
            assertTrue(served.get() >= servedAtRestart + 20, "not serving again after the database came back");

            List<String> lines = Files.readAllLines(log);
            List<String> during = lines.subList((int) linesBefore, lines.size());
            long traces = during.stream().filter(l -> l.startsWith("\tat ")).count();
            long poolNoise = during.stream()
                    .filter(l -> l.contains("Result is already complete"))
                    .count();
            long outageLines =
                    during.stream().filter(l -> l.contains("DatabaseOutageLog")).count();
            System.out.printf(
                    "outage of 8 s: %d requests failed, %d log lines (%d stack frames, %d outage lines)%n",
                    failed.get(), during.size(), traces, outageLines);
            during.forEach(l -> System.out.println("  | " + l));
            assertEquals(0, poolNoise, "pool traces logged");
            assertTrue(outageLines >= 2, "start and end of the outage not logged");
            assertTrue(traces < 50, "stack traces logged during the outage: " + traces);
            assertTrue(during.size() < 40, "the outage took " + during.size() + " log lines");
        } finally {
            pg.close();
        }
    }
}
