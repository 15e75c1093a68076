package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.Llama;
import dev.firebreak.node.engine.model.Preset;
import dev.firebreak.node.engine.model.SyntheticWeights;
import dev.firebreak.node.engine.tensor.WeightType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Decode or prefill of two builds of the engine taking turns every half second: the way to tell
 * whether a change made the engine faster on a shared machine whose memory bandwidth and free
 * cores move from one minute to the next (two separate runs, even minutes apart, compare the
 * minutes more than the builds). Each build runs in a JVM of its own, which waits while the other
 * has its turn; a round gives each build half a second, in alternating order, and keeps its
 * fastest call: one decoded token, or a whole {@value ModelBench#PROMPT}-token prompt.
 *
 * <p>Not one JVM with a class loader per build, as this tool first did: there the build listed
 * first decoded 8-10% faster than the second, even when both were the same build (149 against
 * 135 tok/s, medium Q8_0), while two buffers read alternately in one JVM read at the same speed;
 * the builds shared the JDK's own classes, and with them its JIT profiles.
 *
 * <p>Usage (from the repository, after {@code ./mvnw -pl inference-node test-compile}; the other
 * build's classes from e.g. {@code git worktree add /tmp/base HEAD~1} and a compile there):
 * <pre>
 * java -Dfirebreak.threads=2 -cp inference-node/target/test-classes dev.firebreak.node.bench.EngineAB \
 *   decode medium Q8_0 16 /tmp/base/inference-node/target/classes inference-node/target/classes
 * </pre>
 */
public final class EngineAB {

    private static final long ROUND_NANOS = 500_000_000L;
    private static final String REPLY = "engine-ab ";

    private EngineAB() {
    }

    /** Arguments: decode or prefill, preset, weight type, rounds, then two or more directories of engine classes. */
    public static void main(String[] args) throws Exception {
        if (args.length < 6 || !List.of("decode", "prefill").contains(args[0])) {
            System.err.println("usage: EngineAB <decode|prefill> <preset> <F32|F16|Q8_0|Q4_0> <rounds> <classes-dir> <classes-dir> ...");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[3]);
        String[] builds = Arrays.copyOfRange(args, 4, args.length);
        int tokensPerCall = args[0].equals("decode") ? 1 : ModelBench.PROMPT;
        List<Build> running = new ArrayList<>();
        try {
            for (String build : builds) {
                running.add(Build.start(build, args[0], args[1], args[2]));
            }
            for (Build build : running) {
                build.reply();
            }
            double[][] tokensPerSecond = new double[builds.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < builds.length; i++) {
                    int b = r % 2 == 0 ? i : builds.length - 1 - i;
                    tokensPerSecond[b][r] = tokensPerCall * 1e9 / running.get(b).round(ROUND_NANOS);
                }
            }
            for (int b = 0; b < builds.length; b++) {
                // The first round is JIT warm-up.
                double[] sorted = Arrays.stream(tokensPerSecond[b]).skip(1).sorted().toArray();
                System.out.printf(Locale.ROOT, "%s: median of rounds %.1f tok/s, best %.1f; rounds %s%n", builds[b],
                        sorted[sorted.length / 2], sorted[sorted.length - 1],
                        Arrays.toString(Arrays.stream(tokensPerSecond[b]).mapToLong(Math::round).toArray()));
            }
        } finally {
            running.forEach(Build::stop);
        }
    }

    /** One build's JVM, running {@link Turns} and answering one line per request. */
    private record Build(Process process, PrintWriter requests, BufferedReader replies) {

        static Build start(String classes, String phase, String preset, String type) throws IOException {
            String bench = Path.of(EngineAB.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-Xmx2g"));
            if (System.getProperty("firebreak.threads") != null) {
                command.add("-Dfirebreak.threads=" + System.getProperty("firebreak.threads"));
            }
            command.addAll(List.of("-cp", classes + java.io.File.pathSeparator + bench, Turns.class.getName(),
                    phase, preset, type));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Build(process, new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8),
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        }

        /** The fastest call of a turn of {@code nanos}, in nanoseconds. */
        long round(long nanos) throws IOException {
            requests.println(nanos);
            return Long.parseLong(reply());
        }

        /** The build's next reply, past anything else it printed. */
        String reply() throws IOException {
            for (String line = replies.readLine(); line != null; line = replies.readLine()) {
                if (line.startsWith(REPLY)) {
                    return line.substring(REPLY.length());
                }
            }
            throw new IOException("the build's JVM ended without replying; its errors are above");
        }

        void stop() {
            requests.close();
            process.destroyForcibly();
        }
    }

    /** A build's side: sets the model up, then runs a turn for each line of nanoseconds it reads. */
    public static final class Turns {

        private Turns() {
        }

        public static void main(String[] args) throws IOException {
            LongSupplier call = start(args[0], args[1], args[2]);
            System.out.println(REPLY + "ready");
            BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = requests.readLine(); line != null; line = requests.readLine()) {
                long end = System.nanoTime() + Long.parseLong(line.trim());
                long fastest = Long.MAX_VALUE;
                while (System.nanoTime() < end) {
                    fastest = Math.min(fastest, call.getAsLong());
                }
                System.out.println(REPLY + fastest);
            }
            System.exit(0);
        }

        /**
         * A preset's model; each call returns its nanoseconds. Decode: one token at position 128,
         * after a 128-token prompt. Prefill: the 128-token prompt from position 0.
         */
        static LongSupplier start(String phase, String presetName, String typeName) {
            Preset preset = Preset.named(presetName);
            Llama llama = new Llama(preset.config(),
                    SyntheticWeights.generate(preset.config(), 1, WeightType.valueOf(typeName), Arena.ofShared()));
            ContiguousKvCache cache = new ContiguousKvCache(preset.config(), ModelBench.PROMPT + 1);
            int[] prompt = ModelBench.prompt(preset);
            if (phase.equals("prefill")) {
                return () -> {
                    long start = System.nanoTime();
                    llama.forward(Batch.prefill(prompt, 0, cache));
                    return System.nanoTime() - start;
                };
            }
            llama.forward(Batch.prefill(prompt, 0, cache));
            return () -> {
                long start = System.nanoTime();
                llama.forward(Batch.prefill(new int[] {42}, ModelBench.PROMPT, cache));
                return System.nanoTime() - start;
            };
        }
    }
}
