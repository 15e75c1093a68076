package dev.firebreak.node.engine.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random workloads (admit with prefix sharing, grow, preempt, finish, cancel, copy-on-write) on
 * two models; after every step no block is lost or double-owned, and at the end all are free.
 */
class KvPoolPropertyTest {

    private static final int BLOCK_TOKENS = 4;
    private static final ModelKvLayout LAYOUT = new ModelKvLayout(2, 8, BLOCK_TOKENS);

    private record Seq(ModelKv kv, BlockTable table, int[] prompt) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldNeverLoseOrDoubleOwnABlockInSharedMode(long seed) {
        run(seed, KvBlockPool.Isolation.SHARED);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void shouldNeverLoseOrDoubleOwnABlockWithQuotas(long seed) {
        run(seed, KvBlockPool.Isolation.QUOTA);
    }

    private void run(long seed, KvBlockPool.Isolation isolation) {
        SplittableRandom random = new SplittableRandom(seed);
        try (KvBlockPool pool = new KvBlockPool(BLOCK_TOKENS, LAYOUT.blockBytes(), 64, isolation, new int[] {40, 24})) {
            List<ModelKv> models = List.of(new ModelKv(pool, 0, LAYOUT), new ModelKv(pool, 1, LAYOUT));
            List<Seq> live = new ArrayList<>();
            List<int[]> prompts = List.of(tokens(9, 1), tokens(13, 2), tokens(4, 3), tokens(17, 1));
            for (int step = 0; step < 2000; step++) {
                int op = random.nextInt(10);
                if (op < 4 || live.isEmpty()) {
                    ModelKv kv = models.get(random.nextInt(2));
                    int[] prompt = prompts.get(random.nextInt(prompts.size()));
                    BlockTable table = kv.newTable();
                    int reused = kv.reusePrefix(table, prompt);
                    assertThat(reused).isLessThan(prompt.length);
                    if (kv.grow(table, prompt.length)) {
                        kv.publishPrefix(table, prompt, prompt.length);
                        live.add(new Seq(kv, table, prompt));
                    } else {
                        kv.release(table);
                    }
                } else if (op < 7) {
                    Seq s = live.get(random.nextInt(live.size()));
                    int target = s.table().capacity() + 1 + random.nextInt(6);
                    if (!s.kv().grow(s.table(), target)) {
                        s.kv().release(s.table()); // preempted: give everything back
                        live.remove(s);
                    }
                } else if (op < 8) {
                    Seq s = live.get(random.nextInt(live.size()));
                    s.kv().ensureWritable(s.table(), random.nextInt(s.table().capacity()));
                } else {
                    Seq s = live.remove(random.nextInt(live.size()));
                    s.kv().release(s.table()); // finished or cancelled
                }
                checkInvariants(pool, models, live);
            }
            for (Seq s : live) {
                s.kv().release(s.table());
            }
            assertThat(pool.freeBlocks()).isEqualTo(pool.totalBlocks());
            for (ModelKv kv : models) {
                assertThat(kv.figures().used()).isZero();
                assertThat(kv.figures().orphaned()).isZero();
                assertThat(kv.liveSequences()).isZero();
            }
        }
    }

    private static void checkInvariants(KvBlockPool pool, List<ModelKv> models, List<Seq> live) {
        Map<Integer, Integer> references = new HashMap<>();
        Map<Integer, ModelKv> ownerOf = new HashMap<>();
        for (Seq s : live) {
            for (int i = 0; i < s.table().blockCount(); i++) {
                int block = s.table().blockAt(i);
                references.merge(block, 1, Integer::sum);
                ModelKv previous = ownerOf.put(block, s.kv());
                assertThat(previous == null || previous == s.kv()).as("block %d owned by two models", block).isTrue();
            }
        }
        int held = 0;
        for (int block = 0; block < pool.totalBlocks(); block++) {
            assertThat(pool.refCount(block)).as("references to block %d", block).isEqualTo(references.getOrDefault(block, 0));
            held += pool.refCount(block) > 0 ? 1 : 0;
        }
        assertThat(held + pool.freeBlocks()).as("held + free = total").isEqualTo(pool.totalBlocks());
        int used = 0;
        for (int m = 0; m < models.size(); m++) {
            KvFigures f = models.get(m).figures();
            assertThat(f.orphaned()).isZero();
            assertThat(f.used()).isLessThanOrEqualTo(f.total());
            used += f.used();
        }
        assertThat(used).isEqualTo(held);
    }

    @Test
    void shouldShareTheFullBlocksOfACommonPrefixOnce() {
        try (KvBlockPool pool = onePool(16)) {
            ModelKv kv = new ModelKv(pool, 0, LAYOUT);
            int[] prompt = tokens(10, 5);
            BlockTable first = published(kv, prompt);

            BlockTable second = kv.newTable();
            int reused = kv.reusePrefix(second, prompt);
            kv.grow(second, prompt.length);

            assertThat(reused).isEqualTo(8);
            assertThat(second.blockAt(0)).isEqualTo(first.blockAt(0));
            assertThat(second.blockAt(2)).isNotEqualTo(first.blockAt(2));
            assertThat(kv.figures().shared()).isEqualTo(2);
            assertThat(kv.figures().used()).isEqualTo(4);
        }
    }

    @Test
    void shouldCopyASharedBlockBeforeItIsWritten() {
        try (KvBlockPool pool = onePool(16)) {
            ModelKv kv = new ModelKv(pool, 0, LAYOUT);
            int[] prompt = tokens(9, 5);
            BlockTable first = published(kv, prompt);
            pool.memory().set(java.lang.foreign.ValueLayout.JAVA_FLOAT, pool.offset(first.blockAt(0)), 42f);
            BlockTable second = kv.newTable();
            kv.reusePrefix(second, prompt);

            assertThat(kv.ensureWritable(second, 1)).isTrue();

            assertThat(second.blockAt(0)).isNotEqualTo(first.blockAt(0));
            assertThat(pool.memory().get(java.lang.foreign.ValueLayout.JAVA_FLOAT, pool.offset(second.blockAt(0)))).isEqualTo(42f);
            assertThat(pool.refCount(first.blockAt(0))).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepEachModelWithinItsQuota() {
        try (KvBlockPool pool = new KvBlockPool(BLOCK_TOKENS, LAYOUT.blockBytes(), 10, KvBlockPool.Isolation.QUOTA, new int[] {3, 7})) {
            ModelKv greedy = new ModelKv(pool, 0, LAYOUT);
            BlockTable table = greedy.newTable();

            assertThat(greedy.grow(table, 4 * BLOCK_TOKENS)).as("4 blocks over a quota of 3").isFalse();
            assertThat(greedy.grow(table, 3 * BLOCK_TOKENS)).isTrue();
            assertThat(pool.freeBlocks()).isEqualTo(7);
            assertThat(greedy.available()).isZero();
        }
    }

    @Test
    void shouldFindLeakedBlocksInTheAudit() {
        try (KvBlockPool pool = onePool(10)) {
            ModelKv kv = new ModelKv(pool, 0, LAYOUT);
            BlockTable table = kv.newTable();
            kv.grow(table, 3 * BLOCK_TOKENS);

            kv.releaseLeaking(table, 2);

            assertThat(kv.figures().orphaned()).isEqualTo(2);
            assertThat(kv.figures().used()).isEqualTo(2);
            assertThat(kv.liveSequences()).isZero();
        }
    }

    /** A shared pool of {@code blocks} blocks, all of them open to one model. */
    private static KvBlockPool onePool(int blocks) {
        return new KvBlockPool(BLOCK_TOKENS, LAYOUT.blockBytes(), blocks, KvBlockPool.Isolation.SHARED, new int[] {blocks});
    }

    /** A sequence that has computed {@code prompt} and published it as a prefix others may reuse. */
    private static BlockTable published(ModelKv kv, int[] prompt) {
        BlockTable table = kv.newTable();
        kv.grow(table, prompt.length);
        kv.publishPrefix(table, prompt, prompt.length);
        return table;
    }

    private static int[] tokens(int n, int seed) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i * 3 + seed) % 50;
        }
        return t;
    }
}
