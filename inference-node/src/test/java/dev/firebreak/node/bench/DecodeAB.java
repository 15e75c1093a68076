package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.Llama;
import dev.firebreak.node.engine.model.Preset;
import dev.firebreak.node.engine.model.SyntheticWeights;
import dev.firebreak.node.engine.tensor.WeightType;

import java.lang.foreign.Arena;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Decode of two builds of the engine in one JVM, taking turns every half second: the way to tell
 * whether a change made decode faster on a shared machine whose memory bandwidth moves by half
 * from one minute to the next (two separate runs, even minutes apart, compare the minutes more
 * than the builds). Each build's classes load in a class loader of their own, with their own
 * kernel threads; a round gives each build half a second and keeps its fastest token.
 *
 * <p>Usage (from the repository, after {@code ./mvnw -pl inference-node test-compile}; the other
 * build's classes from e.g. {@code git worktree add /tmp/base HEAD~1} and a compile there):
 * <pre>
 * java --add-modules jdk.incubator.vector -Dfirebreak.threads=2 -Xmx12g \
 *   -cp inference-node/target/test-classes dev.firebreak.node.bench.DecodeAB \
 *   medium Q8_0 16 /tmp/base/inference-node/target/classes inference-node/target/classes
 * </pre>
 */
public final class DecodeAB {

    private static final long ROUND_NANOS = 500_000_000L;

    private DecodeAB() {
    }

    /** Arguments: preset, weight type, rounds, then two or more directories of engine classes. */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: DecodeAB <preset> <F32|F16|Q8_0|Q4_0> <rounds> <classes-dir> <classes-dir> ...");
            System.exit(2);
        }
        String preset = args[0];
        String type = args[1];
        int rounds = Integer.parseInt(args[2]);
        String[] builds = Arrays.copyOfRange(args, 3, args.length);
        URL benchClasses = DecodeAB.class.getProtectionDomain().getCodeSource().getLocation();
        LongSupplier[] decoders = new LongSupplier[builds.length];
        for (int b = 0; b < builds.length; b++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(builds[b]).toUri().toURL(), benchClasses},
                    ClassLoader.getPlatformClassLoader());
            decoders[b] = (LongSupplier) loader.loadClass(Decoder.class.getName())
                    .getMethod("start", String.class, String.class).invoke(null, preset, type);
        }
        double[][] tokensPerSecond = new double[builds.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int b = 0; b < builds.length; b++) {
                long fastest = Long.MAX_VALUE;
                long end = System.nanoTime() + ROUND_NANOS;
                while (System.nanoTime() < end) {
                    fastest = Math.min(fastest, decoders[b].getAsLong());
                }
                tokensPerSecond[b][r] = 1e9 / fastest;
            }
        }
        for (int b = 0; b < builds.length; b++) {
            // The first round is JIT warm-up.
            double[] sorted = Arrays.stream(tokensPerSecond[b]).skip(1).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s: median of rounds %.1f tok/s, best %.1f; rounds %s%n", builds[b],
                    sorted[sorted.length / 2], sorted[sorted.length - 1],
                    Arrays.toString(Arrays.stream(tokensPerSecond[b]).mapToLong(Math::round).toArray()));
        }
        System.exit(0);
    }

    /** Loaded once per build: a model at position 128, decoding one token per call. */
    public static final class Decoder {

        private Decoder() {
        }

        /** A preset's model after a 128-token prompt; each call decodes one token and returns its nanoseconds. */
        public static LongSupplier start(String presetName, String typeName) {
            Preset preset = Preset.named(presetName);
            Llama llama = new Llama(preset.config(),
                    SyntheticWeights.generate(preset.config(), 1, WeightType.valueOf(typeName), Arena.ofShared()));
            ContiguousKvCache cache = new ContiguousKvCache(preset.config(), ModelBench.PROMPT + 1);
            llama.forward(Batch.prefill(ModelBench.prompt(preset), 0, cache));
            return () -> {
                long start = System.nanoTime();
                llama.forward(Batch.prefill(new int[] {42}, ModelBench.PROMPT, cache));
                return System.nanoTime() - start;
            };
        }
    }
}
