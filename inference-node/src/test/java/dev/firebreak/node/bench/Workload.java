package dev.firebreak.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One round's prompts, the same token ids for every side: each a BOS and then lowercase letters
 * (one token each), none sharing more than the BOS with another, so no side's prefix cache helps.
 *
 * @param decodePrompt the 128-token prompt that decode and time to first token start from
 * @param batch 16 prompts of 128 tokens, generated all at once
 */
record Workload(int[] prompt128, int[] prompt512, int[] decodePrompt, int generate, List<int[]> batch) {

    static final int SEQUENCES = 16;

    static Workload round(int round, int generate) {
        SplittableRandom random = new SplittableRandom(2026L * 1000 + round);
        List<int[]> batch = new ArrayList<>();
        for (int i = 0; i < SEQUENCES; i++) {
            batch.add(prompt(random, 128));
        }
        return new Workload(prompt(random, 128), prompt(random, 512), prompt(random, 128), generate, List.copyOf(batch));
    }

    private static int[] prompt(SplittableRandom random, int length) {
        int[] tokens = new int[length];
        tokens[0] = Llama3Shape.BOS;
        for (int i = 1; i < length; i++) {
            tokens[i] = 'a' + random.nextInt(26);
        }
        return tokens;
    }
}
