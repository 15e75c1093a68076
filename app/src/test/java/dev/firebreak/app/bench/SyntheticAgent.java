package dev.firebreak.app.bench;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.engines.FirebreakEngine;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.http.WebServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in agent for the console benchmark: the agent's wire format (whoami, series, audit and
 * the SSE stream with a snapshot a second) for a cluster of N nodes x M models whose figures move
 * like a busy cluster's. Runs as its own process so the console's CPU is measured alone.
 *
 * <p>{@code SyntheticAgent <nodes> <models>}; prints {@code LISTENING <url>}.
 */
public final class SyntheticAgent {

    public static void main(String[] args) throws IOException {
        int nodes = Integer.parseInt(args[0]);
        int models = Integer.parseInt(args[1]);
        WebServer server = WebServer.start(HttpSettings.of("127.0.0.1", 0), new Router()
                .get("/api/v1/whoami", ex -> ex.json(200, new Principal("bench", Role.OPERATOR)))
                .get("/api/v1/series", ex -> ex.json(200, List.of()))
                .get("/api/v1/audit", ex -> ex.json(200, List.of()))
                .get("/api/v1/stream", ex -> stream(ex, nodes, models)));
        System.out.println("LISTENING " + server.baseUrl());
        System.out.flush();
    }

    /** One snapshot a second on the open stream, until the console goes away. */
    private static void stream(Exchange ex, int nodes, int models) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        long[][] finished = new long[nodes][models];
        long[] id = {System.currentTimeMillis()};
        OutputStream out = ex.stream(200, "text/event-stream");
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> gone = new CompletableFuture<>();
        clock.scheduleAtFixedRate(() -> {
            try {
                ClusterSnapshot snapshot = snapshot(System.currentTimeMillis(), nodes, models, random, finished);
                String event = "id: " + id[0]++ + "\nevent: snapshot\ndata: " + Json.mapper().writeValueAsString(snapshot) + "\n\n";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                gone.complete(null);
            }
        }, 0, 1, TimeUnit.SECONDS);
        gone.join();
        clock.shutdownNow();
        throw new IOException("the console went away");
    }

    static ClusterSnapshot snapshot(long now, int nodes, int models, SplittableRandom random, long[][] finished) {
        List<NodeView> views = new ArrayList<>();
        List<BreakerView> breakers = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            String id = "node-" + (n + 1);
            List<ModelStatus> statuses = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                finished[n][m] += random.nextInt(20);
                long used = 200 + random.nextInt(700);
                statuses.add(new ModelStatus("model-" + (m + 1), true, new KvCacheStatus(16, 1024, used, 1024 - used, 10, 0),
                        random.nextInt(16), random.nextInt(4), 100 + random.nextInt(400), Map.of("stop", finished[n][m], "error", 0L),
                        new LatencySummary(100, 0.05, 0.1, 0.1 + random.nextDouble()), new LatencySummary(100, 0.5, 1, 2), 0));
                breakers.add(new BreakerView("model-" + (m + 1), id, BreakerState.CLOSED, random.nextFloat() * 5, 100));
            }
            views.add(new NodeView(id, "http://10.0.0." + (n + 1) + ":8100", NodeKind.FIREBREAK, NodeHealth.UP,
                    FirebreakEngine.report(new NodeStatus(id, NodeState.SERVING, now - 3_600_000, now, 3_600_000,
                            new JvmHeap(1 << 28, 1 << 29, 1 << 30), null, FaultSettings.NONE, statuses)), now, now - 3_600_000, null));
        }
        return new ClusterSnapshot("bench", now, views, breakers, List.of(), List.of(), 0.9);
    }
}
