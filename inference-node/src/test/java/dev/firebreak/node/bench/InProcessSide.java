package dev.firebreak.node.bench;

import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.Llama;
import dev.firebreak.node.engine.model.LoadedModel;
import dev.firebreak.node.engine.sampling.SamplingParams;

import java.util.ArrayList;
import java.util.List;

/** Firebreak's engine in this JVM, on a model loaded from the benchmark's GGUF file: the same figures as llama.cpp's side. */
final class InProcessSide {

    private final LoadedModel model;

    InProcessSide(LoadedModel model) {
        this.model = model;
    }

    Figures measure(Workload w) {
        int[] prompt128 = w.prompt128();
        int[] prompt512 = w.prompt512();
        int generate = w.generate();
        try {
            Llama llama = model.llama();
            double prefill128 = prefill(llama, prompt128);
            double prefill512 = prefill(llama, prompt512);
            double ttftMs;
            double decode;
            int[] decodePrompt = w.decodePrompt();
            try (ContiguousKvCache cache = new ContiguousKvCache(model.config(), decodePrompt.length + generate)) {
                long start = System.nanoTime();
                int next = argmax(llama.forward(Batch.prefill(decodePrompt, 0, cache)));
                long first = System.nanoTime();
                for (int i = 1; i < generate; i++) {
                    next = argmax(llama.forward(Batch.prefill(new int[] {next}, decodePrompt.length + i - 1, cache)));
                }
                long last = System.nanoTime();
                ttftMs = (first - start) / 1e6;
                decode = (generate - 1) / ((last - first) / 1e9);
            }
            List<ServingReport.Work> work = new ArrayList<>();
            for (int[] prompt : w.batch()) {
                work.add(new ServingReport.Work(prompt, generate));
            }
            ServingReport.Run run = ServingReport.serve(model, work, new SchedulerLimits(w.batch().size(), 256, 1000),
                    i -> SamplingParams.greedy());
            if (run.completions().contains(0)) {
                return Figures.failed("a batched sequence generated nothing");
            }
            return new Figures(prefill128, prefill512, decode, ttftMs, run.tokensPerSecond(), null);
        } catch (RuntimeException | InterruptedException e) {
            return Figures.failed("engine: " + e);
        }
    }

    private double prefill(Llama llama, int[] prompt) {
        try (ContiguousKvCache cache = new ContiguousKvCache(model.config(), prompt.length)) {
            long start = System.nanoTime();
            llama.forward(Batch.prefill(prompt, 0, cache));
            return prompt.length / ((System.nanoTime() - start) / 1e9);
        }
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
