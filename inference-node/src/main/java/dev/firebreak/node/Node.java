package dev.firebreak.node;

import dev.firebreak.node.engine.batch.Engine;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.engine.batch.ModelStats;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.kv.ModelKv;
import dev.firebreak.node.engine.kv.ModelKvLayout;
import dev.firebreak.node.engine.model.GgufModels;
import dev.firebreak.node.engine.model.LoadedModel;
import dev.firebreak.node.http.WebServer;
import dev.firebreak.node.lifecycle.EngineWarmUp;
import dev.firebreak.node.lifecycle.NodeLifecycle;
import dev.firebreak.node.metrics.NodeMetrics;
import dev.firebreak.node.registry.ModelRegistry;
import dev.firebreak.node.server.ControlApi;
import dev.firebreak.node.server.NodeServer;
import dev.firebreak.node.serving.OpenAiApi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One running inference node: models, KV pool, engine, and the HTTP server over them. */
public final class Node implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Node.class.getName());

    private final List<LoadedModel> models;
    private final KvBlockPool pool;
    private final Engine engine;
    private final WebServer server;
    private final ScheduledExecutorService monitor;
    private final ControlApi control;

    private Node(List<LoadedModel> models, KvBlockPool pool, Engine engine, WebServer server,
                 ScheduledExecutorService monitor, ControlApi control) {
        this.models = models;
        this.pool = pool;
        this.engine = engine;
        this.server = server;
        this.monitor = monitor;
        this.control = control;
    }

    /** Loads every model, allocates the KV pool, starts the engine and the server. */
    public static Node start(NodeOptions options) throws IOException {
        List<LoadedModel> models = new ArrayList<>();
        try {
            for (String preset : options.presets()) {
                models.add(LoadedModel.preset(preset, options.presetWeights()));
            }
            for (Path file : options.modelFiles()) {
                models.add(GgufModels.load(file));
            }
        } catch (Throwable e) {
            closeAll(models);
            throw e;
        }
        List<ModelKvLayout> layouts = models.stream().map(m -> ModelKvLayout.of(m.config(), options.blockTokens())).toList();
        long blockBytes = layouts.stream().mapToLong(ModelKvLayout::blockBytes).max().orElseThrow();
        int blocks = (int) Math.min(Integer.MAX_VALUE, options.kvBytes() / blockBytes);
        int[] quotas = new int[models.size()];
        Arrays.fill(quotas, blocks / models.size());
        KvBlockPool pool = new KvBlockPool(options.blockTokens(), blockBytes, blocks, options.isolation(), quotas);
        // One clock for the node: a drain's deadline is set and checked against the same time.
        InstantSource clock = InstantSource.system();
        List<ModelScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            schedulers.add(new ModelScheduler(models.get(i), new ModelKv(pool, i, layouts.get(i)), options.limits(),
                    clock, new ModelStats()));
        }
        Engine engine = new Engine(schedulers, options.cpus());
        ModelRegistry registry = new ModelRegistry(engine);
        boolean warming = options.warmUp().isPositive();
        NodeLifecycle lifecycle = new NodeLifecycle(clock, registry, warming);
        ControlApi control = new ControlApi(options.nodeId(), options.controlToken(), registry, lifecycle, engine,
                clock, options.allowFaults());
        OpenAiApi openAi = new OpenAiApi(options.nodeId(), engine, lifecycle, registry, options.limits().maxWaiting(),
                control.faults());
        WebServer server = WebServer.start(options.http(),
                NodeServer.routing(control, openAi, new NodeMetrics(options.nodeId(), engine, lifecycle, openAi.rejections())));
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("drain-monitor").daemon().factory());
        monitor.scheduleAtFixedRate(control::checkDrain, 100, 100, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "node={0} models={1} kvBlocks={2} blockTokens={3} isolation={4}",
                options.nodeId(), registry.names(), blocks, options.blockTokens(), options.isolation());
        if (warming) {
            new EngineWarmUp(engine, lifecycle, options.warmUp()).start(options.nodeId());
        }
        return new Node(models, pool, engine, server, monitor, control);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Engine engine() {
        return engine;
    }

    public ControlApi control() {
        return control;
    }

    public List<String> modelNames() {
        return models.stream().map(LoadedModel::name).toList();
    }

    @Override
    public void close() {
        server.close();
        monitor.shutdownNow();
        engine.close();
        pool.close();
        closeAll(models);
    }

    private static void closeAll(List<LoadedModel> models) {
        for (LoadedModel model : models) {
            try {
                model.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "model={0} did not close: {1}", model.name(), e.toString());
            }
        }
    }
}
