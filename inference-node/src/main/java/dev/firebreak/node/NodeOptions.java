package dev.firebreak.node;

import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.http.HttpSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a node is started with.
 *
 * @param http where and how the node listens (address, limits, TLS)
 * @param presets synthetic models by name ({@code tiny-chat}: preset {@code tiny}, seeded by the name)
 * @param modelFiles GGUF files to serve, each under its {@code general.name}
 * @param kvBytes size of the KV block pool, allocated once at start
 * @param blockTokens token positions per KV block
 * @param cpus a cap on the engine's compute in cores, 0 for none (see {@link dev.firebreak.node.engine.batch.CpuQuota})
 * @param warmUp longest warm-up before serving, zero to serve at once (see {@link dev.firebreak.node.lifecycle.EngineWarmUp})
 */
public record NodeOptions(HttpSettings http, String nodeId, String controlToken, List<String> presets,
                          List<Path> modelFiles, WeightType presetWeights, long kvBytes, int blockTokens,
                          KvBlockPool.Isolation isolation, SchedulerLimits limits, boolean allowFaults, double cpus,
                          Duration warmUp) {

    public NodeOptions {
        presets = List.copyOf(presets);
        modelFiles = List.copyOf(modelFiles);
        if (presets.isEmpty() && modelFiles.isEmpty()) {
            throw new IllegalArgumentException("a node needs at least one model (--models or --model-file)");
        }
        if (controlToken == null || controlToken.isBlank()) {
            throw new IllegalArgumentException("a control token is required");
        }
        if (blockTokens < 1 || blockTokens > 1024) {
            throw new IllegalArgumentException("--kv-block-size must be 1-1024 tokens, got " + blockTokens);
        }
        if (!(cpus >= 0)) {
            throw new IllegalArgumentException("--cpus must be above 0, got " + cpus);
        }
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("--warm-up must be 0 or more seconds, got " + warmUp.toSeconds());
        }
        if (kvBytes < 1 << 20) {
            throw new IllegalArgumentException("--kv-memory must be at least 1 MiB, got " + kvBytes + " bytes");
        }
    }

    /** Small defaults for tests: loopback, ephemeral port, 32 MiB of KV, serving at once. */
    public static NodeOptions forTests(String nodeId, String token, List<String> presets) {
        return new NodeOptions(HttpSettings.of("127.0.0.1", 0), nodeId, token, presets, List.of(), WeightType.Q8_0, 32L << 20, 16,
                KvBlockPool.Isolation.SHARED, SchedulerLimits.defaults(), false, 0, Duration.ZERO);
    }
}
