package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @Test
    void childrenStopWhenTheirStarterIsTerminated(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("sleeper.jar");
        LauncherTest.writeJar(jar, Sleeper.class.getName());
        Process starter = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Starter.class.getName(),
                        jar.toString())
                .redirectErrorStream(true)
                .start();
        long childPid;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(starter.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("child "));
            assertTrue(line != null, "the starter printed its child's pid");
            childPid = Long.parseLong(line.substring("child ".length()));
        }
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        assertTrue(child.isPresent() && child.get().isAlive(), "the child runs");

        starter.destroy(); // SIGTERM, as `kill` or Ctrl-C would
        assertTrue(starter.waitFor(30, TimeUnit.SECONDS), "the starter ended");
        child.get().onExit().get(30, TimeUnit.SECONDS);
        assertFalse(child.get().isAlive(), "the child ended with it");
    }

    /** Starts one child through {@link ChildProcess} with stop-at-exit on, prints its pid, waits. */
    public static final class Starter {
        public static void main(String[] args) throws Exception {
            ChildProcess.stopAllAtExit();
            ChildProcess child = ChildProcess.start(
                    new ServiceSpec("sleeper", "sleeper", 0, "/sleeper"),
                    LauncherTest.freePort(),
                    0,
                    Path.of(args[0]),
                    "-Xmx16m",
                    Map.of(),
                    System.out);
            System.out.println("child " + child.pid());
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }

    /** The child: does nothing until stopped. */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
