package io.quintet.bench;

import io.quintet.deploy.ChildProcess;
import java.util.Arrays;

/** Entry point: {@code java -jar bench/target/quintet-bench.jar <benchmark> [options]}. */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        // services a benchmark started go with it, even when it is interrupted
        ChildProcess.stopAllAtExit();
        String which = args.length == 0 ? "oplog" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (which) {
            case "oplog" -> OplogBenchmark.main(rest);
            case "kosync" -> KosyncBenchmark.main(rest);
            case "gateway" -> GatewayBenchmark.main(rest);
            case "linkora" -> LinkoraBenchmark.main(rest);
            case "linkora-full-sync" -> LinkoraFullSyncBenchmark.main(rest);
            case "kora" -> KoraBenchmark.main(rest);
            case "synkronus" -> SynkronusBenchmark.main(rest);
            case "objectstore" -> ObjectstoreBenchmark.main(rest);
            case "durability" -> DurabilityBenchmark.main(rest);
            case "outage" -> OutageBenchmark.main(rest);
            case "idle" -> ServiceIdleBenchmark.main(rest);
            default -> {
                System.err.println(
                        "unknown benchmark: " + which
                                + " (available: oplog, kosync, gateway, linkora, kora, synkronus, objectstore, durability, outage, linkora-full-sync, idle)");
                System.exit(2);
            }
        }
    }
}
