package dev.firebreak.node.engine.batch;

import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.kv.ModelKv;
import dev.firebreak.node.engine.kv.ModelKvLayout;
import dev.firebreak.node.engine.model.Llama;
import dev.firebreak.node.engine.model.LlamaConfig;
import dev.firebreak.node.engine.model.LoadedModel;
import dev.firebreak.node.engine.model.Preset;
import dev.firebreak.node.engine.model.SyntheticWeights;
import dev.firebreak.node.engine.sampling.SamplingParams;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.engine.tokenizer.ByteTokenizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Continuous batching on a small model: what each request gets does not depend on what else runs. */
class EngineTest {

    private static final LlamaConfig CONFIG = new LlamaConfig(64, 128, 2, 4, 2, Preset.BYTE_VOCAB, 256, 1e-5f, 10000f, true);
    private static final int BLOCK = 8;

    private final Arena arena = Arena.ofShared();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
        arena.close();
    }

    private Engine engine(int blocks, SchedulerLimits limits, String... models) {
        ModelKvLayout layout = ModelKvLayout.of(CONFIG, BLOCK);
        int[] quotas = new int[models.length];
        java.util.Arrays.fill(quotas, blocks);
        KvBlockPool pool = new KvBlockPool(BLOCK, layout.blockBytes(), blocks, KvBlockPool.Isolation.SHARED, quotas);
        resources.add(pool);
        List<ModelScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            LoadedModel model = new LoadedModel(models[i], new Llama(CONFIG,
                    SyntheticWeights.generate(CONFIG, 100 + i, WeightType.Q8_0, arena)), new ByteTokenizer(), () -> { });
            schedulers.add(new ModelScheduler(model, new ModelKv(pool, i, layout), limits, InstantSource.system(),
                    new ModelStats()));
        }
        Engine engine = new Engine(schedulers);
        resources.add(engine);
        return engine;
    }

    private static GenerationRequest request(String prompt, int maxTokens, SamplingParams sampling, CollectingSink sink) {
        return new GenerationRequest("r", new ByteTokenizer().encode(prompt), maxTokens, sampling, List.of(),
                System.currentTimeMillis() + 60_000, sink);
    }

    private String alone(String prompt, int maxTokens, SamplingParams sampling) throws InterruptedException {
        Engine engine = engine(64, new SchedulerLimits(1, 256, 16), "m");
        CollectingSink sink = new CollectingSink();
        engine.submit("m", request(prompt, maxTokens, sampling, sink));
        return sink.await().text.toString();
    }

    @Test
    void shouldGiveEachRequestTheSameTokensInABatchAsAlone() throws Exception {
        String[] prompts = {"The quick brown fox", "Hello", "A longer prompt that spans several KV blocks of eight", "x"};
        SamplingParams[] sampling = {SamplingParams.greedy(), new SamplingParams(0.9f, 0.95f, 7),
                new SamplingParams(1.2f, 1f, 3), SamplingParams.greedy()};
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            expected.add(alone(prompts[i], 24, sampling[i]));
        }

        Engine engine = engine(64, new SchedulerLimits(8, 16, 16), "m");
        List<CollectingSink> sinks = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            CollectingSink sink = new CollectingSink();
            sinks.add(sink);
            engine.submit("m", request(prompts[i], 24, sampling[i], sink));
        }
        for (int i = 0; i < prompts.length; i++) {
            assertThat(sinks.get(i).await().text.toString()).as("request %d", i).isEqualTo(expected.get(i));
            assertThat(sinks.get(i).reason).isEqualTo(FinishReason.LENGTH);
        }
        assertThat(engine.model("m").kv().figures().used()).isZero();
    }

    @Test
    void shouldPreemptAndRecomputeWhenBlocksRunOutWithoutChangingTheOutput() throws Exception {
        String prompt = "Preemption must not change a single token of the answer";
        String expected = alone(prompt, 40, new SamplingParams(1f, 0.9f, 11));

        // Room for about two of the five sequences at full length: the rest wait or are preempted.
        Engine engine = engine(24, new SchedulerLimits(5, 64, 16), "m");
        List<CollectingSink> sinks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CollectingSink sink = new CollectingSink();
            sinks.add(sink);
            engine.submit("m", request(prompt, 40, new SamplingParams(1f, 0.9f, 11), sink));
        }
        for (CollectingSink sink : sinks) {
            assertThat(sink.await().text.toString()).isEqualTo(expected);
        }
        assertThat(engine.model("m").stats().preemptions()).isPositive();
        assertThat(engine.model("m").kv().figures().used()).isZero();
    }

    @Test
    void shouldShareACommonPromptPrefixWithoutChangingTheOutput() throws Exception {
        String prompt = "A shared system prompt of several blocks, then the question";
        String expected = alone(prompt, 8, SamplingParams.greedy());

        Engine engine = engine(64, new SchedulerLimits(4, 256, 16), "m");
        CollectingSink first = new CollectingSink();
        engine.submit("m", request(prompt, 8, SamplingParams.greedy(), first));
        first.await();
        CollectingSink holder = new CollectingSink();
        engine.submit("m", request(prompt, 200, SamplingParams.greedy(), holder));
        CollectingSink second = new CollectingSink();
        engine.submit("m", request(prompt, 8, SamplingParams.greedy(), second));

        assertThat(second.await().text.toString()).isEqualTo(expected);
        assertThat(first.text.toString()).isEqualTo(expected);
        holder.await();
    }

    @Test
    void shouldStopAtAStopStringWithoutShowingIt() throws Exception {
        String free = alone("Tell me", 30, SamplingParams.greedy());
        String stop = free.substring(5, 7);
        Engine engine = engine(64, SchedulerLimits.defaults(), "m");
        CollectingSink sink = new CollectingSink();
        engine.submit("m", new GenerationRequest("r", new ByteTokenizer().encode("Tell me"), 30, SamplingParams.greedy(),
                List.of(stop), System.currentTimeMillis() + 60_000, sink));

        sink.await();
        assertThat(sink.reason).isEqualTo(FinishReason.STOP);
        assertThat(sink.text.toString()).isEqualTo(free.substring(0, free.indexOf(stop)));
    }

    @Test
    void shouldEndAnExpiredRequestWithAnErrorAndFreeItsBlocks() throws Exception {
        Engine engine = engine(64, SchedulerLimits.defaults(), "m");
        CollectingSink sink = new CollectingSink();
        engine.submit("m", new GenerationRequest("r", new ByteTokenizer().encode("late"), 100_000 / 1000,
                SamplingParams.greedy(), List.of(), System.currentTimeMillis() - 1, sink));

        assertThat(sink.await().errorCode).isEqualTo("deadline_exceeded");
        assertThat(engine.model("m").kv().figures().used()).isZero();
        assertThat(engine.model("m").stats().outcomes()).containsEntry("deadline_exceeded", 1L);
    }

    @Test
    void shouldFreeACancelledRequestsBlocksAtOnce() throws Exception {
        Engine engine = engine(64, SchedulerLimits.defaults(), "m");
        java.util.concurrent.CountDownLatch firstText = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        CollectingSink sink = new CollectingSink() {
            @Override
            public void onText(String chunk) {
                super.onText(chunk);
                if (firstText.getCount() > 0) {
                    firstText.countDown();
                    try {
                        // Holds the engine thread mid-generation so the request is surely running when cancelled.
                        resume.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        ModelScheduler.Handle handle = engine.submit("m", request("cancel me", 240, new SamplingParams(1f, 1f, 5), sink));
        assertThat(firstText.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(engine.model("m").kv().figures().used()).isPositive();

        handle.cancel();
        resume.countDown();

        assertThat(sink.await().errorCode).isEqualTo("cancelled");
        assertThat(engine.model("m").kv().figures().used()).isZero();
    }

    @Test
    void shouldLeaveOrphanedBlocksWhenTheLeakFaultIsOn() throws Exception {
        Engine engine = engine(64, SchedulerLimits.defaults(), "m");
        engine.model("m").leakBlocksPerRequest(2);
        for (int i = 0; i < 3; i++) {
            CollectingSink sink = new CollectingSink();
            engine.submit("m", request("leak " + i + " of three requests", 20, SamplingParams.greedy(), sink));
            sink.await();
        }
        assertThat(engine.model("m").kv().figures().orphaned()).isEqualTo(6);
    }

    @Test
    void shouldServeTwoModelsInTurn() throws Exception {
        Engine engine = engine(64, SchedulerLimits.defaults(), "a", "b");
        CollectingSink a = new CollectingSink();
        CollectingSink b = new CollectingSink();
        engine.submit("a", request("first model", 60, SamplingParams.greedy(), a));
        engine.submit("b", request("second model", 60, SamplingParams.greedy(), b));

        assertThat(a.await().errorCode).isNull();
        assertThat(b.await().errorCode).isNull();
        assertThat(a.completionTokens).isPositive();
        assertThat(b.completionTokens).isPositive();
        assertThat(engine.model("a").stats().outcomes()).hasSize(1);
        assertThat(engine.model("b").stats().outcomes()).hasSize(1);
    }
}
