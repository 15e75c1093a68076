package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.ModelSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Each detector on synthetic series: one that must trigger, one that must not. */
class DetectorsTest {

    private static List<ModelSample> series(int seconds, IntFunction<ModelSample> at) {
        List<ModelSample> s = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            s.add(at.apply(i));
        }
        return s;
    }

    private static ModelSample sample(int t, long used, long orphaned, int running, int waiting, double tps, double ttft,
                                      long finished, long truncated) {
        return new ModelSample(t * 1000L, true, used / 1000.0, used, 1000L, orphaned, running, waiting, tps, ttft, finished, 0L,
                truncated, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldFindALeakWhenOrphanedBlocksGrow() {
        var s = series(12, t -> sample(t, 100 + 4 * t, 4L * t, 3, 0, 50, 0.1, t, 0));
        assertThat(Detectors.kvLeak("n", "m", s)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("kv-leak");
            assertThat(f.evidence()).isEqualTo("44 orphaned blocks, +36 in 10 s, while live sequences stayed at 3"
                    + " (held by no live sequence; in use 144 of 1000)");
            assertThat(f.opensBreaker()).isTrue();
        });
    }

    @Test
    void shouldFindALeakWhenBlocksGrowWhileSequencesDoNot() {
        var s = series(32, t -> sample(t, 100 + 10L * t, 0, 3, 0, 50, 0.1, t, 0));
        assertThat(Detectors.kvLeak("n", "m", s)).hasValueSatisfying(f -> assertThat(f.evidence())
                .isEqualTo("410 of 1000 blocks in use, +290 in 30 s, while live sequences stayed at 3"));
    }

    @Test
    void shouldNotCallGrowthWithMoreSequencesALeak() {
        var s = series(32, t -> sample(t, 100 + 10L * t, 0, 3 + t, 0, 50, 0.1, t, 0));
        assertThat(Detectors.kvLeak("n", "m", s)).isEmpty();
    }

    @Test
    void shouldNotCallTenSecondsOfGrowthFromLongRequestsALeak() {
        var s = series(12, t -> sample(t, 3 + 10L * t, 0, 5, 0, 50, 0.1, t, 0));
        assertThat(Detectors.kvLeak("n", "m", s)).as("long prompts, as many sequences, for 10 s").isEmpty();
    }

    @Test
    void shouldFindAStallWhenSequencesRunAndNoTokensComeOut() {
        var stalled = series(5, t -> sample(t, 100, 0, 2, 0, t < 2 ? 40 : 0, 0.1, t, 0));
        var idle = series(5, t -> sample(t, 0, 0, 0, 0, 0, 0.1, t, 0));
        assertThat(Detectors.stall("n", "m", stalled)).isPresent();
        assertThat(Detectors.stall("n", "m", idle)).as("idle is not stalled").isEmpty();
    }

    @Test
    void shouldFindOverloadByQueueGrowthOrSlowFirstTokens() {
        var queue = series(6, t -> sample(t, 100, 0, 16, 2 * t, 200, 0.5, t, 0));
        var slow = series(3, t -> sample(t, 100, 0, 16, 0, 200, 3.5, t, 0));
        var fine = series(6, t -> sample(t, 100, 0, 16, 1, 200, 0.5, t, 0));
        assertThat(Detectors.overload("n", "m", queue, 2.0)).hasValueSatisfying(f -> assertThat(f.evidence()).contains("waiting requests 2 -> 10"));
        assertThat(Detectors.overload("n", "m", slow, 2.0)).hasValueSatisfying(f -> assertThat(f.evidence()).contains("3.50 s"));
        assertThat(Detectors.overload("n", "m", fine, 2.0)).isEmpty();
    }

    @Test
    void shouldFindAGrayFailureWhenAnswersAreCutShort() {
        var gray = series(20, t -> sample(t, 100, 0, 2, 0, 50, 0.1, 2L * t, t / 2));
        var healthy = series(20, t -> sample(t, 100, 0, 2, 0, 50, 0.1, 2L * t, 0));
        assertThat(Detectors.grayFailure("n", "m", gray, List.of())).hasValueSatisfying(f -> assertThat(f.evidence()).contains("cut short"));
        assertThat(Detectors.grayFailure("n", "m", healthy, List.of(healthy))).isEmpty();
    }

    @Test
    void shouldFindNothingOnAHealthySeries() {
        var healthy = series(60, t -> sample(t, 200 + (t % 5), 0, 4, 1, 120, 0.2, 3L * t, 0));
        assertThat(Detectors.check("n", "m", healthy, List.of(healthy), 2.0)).isEmpty();
    }

    private static ModelSample answers(int t, long stops, long lengths, long empty) {
        return new ModelSample(t * 1000L, true, 0.1, 100L, 1000L, 0L, 2, 0, 50.0, 0.1, stops + lengths, 0L, 0, stops, lengths, empty,
                0, 0);
    }

    /** {@code answered} complete answers by second t, each of {@code millis}. */
    private static ModelSample timed(int t, long answered, long millis) {
        return new ModelSample(t * 1000L, true, 0.1, 100L, 1000L, 0L, 2, 0, 50.0, 0.1, answered, 0L, 0, answered, 0, 0,
                answered * millis, answered);
    }

    @Test
    void shouldFindANodeFarSlowerThanItsPeersWithoutOpeningItsBreaker() {
        var slow = series(30, t -> timed(t, t, 3_000));
        var peer = series(30, t -> timed(t, t, 1_000));
        var busier = series(30, t -> timed(t, t, 1_400));

        assertThat(Detectors.slowNode("n", "m", slow, List.of(peer))).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("gray-failure");
            assertThat(f.opensBreaker()).isFalse();
            assertThat(f.evidence()).contains("3000 ms on average, 3.0x the 1000 ms on the other nodes");
        });
        assertThat(Detectors.slowNode("n", "m", busier, List.of(peer))).as("within 2x").isEmpty();
        assertThat(Detectors.slowNode("n", "m", peer, List.of(slow))).as("the fast node beside it").isEmpty();
        assertThat(Detectors.slowNode("n", "m", series(30, t -> timed(t, t / 10, 3_000)), List.of(peer)))
                .as("too few answers to tell").isEmpty();
        assertThat(Detectors.slowNode("n", "m", slow, List.of())).as("no peer to compare with").isEmpty();
        var diedAt20 = series(30, t -> timed(t, Math.min(t, 20), 1_000));
        assertThat(Detectors.slowNode("n", "m", slow, List.of(diedAt20))).as("a peer that stopped answering").isEmpty();
    }

    @Test
    void shouldFindFinishReasonsDriftingFromThePeers() {
        var cutShort = series(30, t -> answers(t, 2L * t, 0, 0));
        var peer = series(30, t -> answers(t, t / 10, 2L * t, 0));
        var alike = series(30, t -> answers(t, t / 8, 2L * t, 0));

        assertThat(Detectors.finishDrift("n", "m", cutShort, List.of(peer))).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("gray-failure");
            assertThat(f.evidence()).contains("100% of its last 58 answers ended with stop");
        });
        assertThat(Detectors.finishDrift("n", "m", alike, List.of(peer))).isEmpty();
        assertThat(Detectors.finishDrift("n", "m", peer, List.of(cutShort))).as("the healthy node beside it").isEmpty();
    }

    @Test
    void shouldFindAGrayFailureWhenOneNodeAnswersEmptyFarMoreThanItsPeers() {
        var empty = series(20, t -> answers(t, 2L * t, 0, t));
        var peer = series(20, t -> answers(t, 2L * t, 0, t / 20));
        assertThat(Detectors.grayFailure("n", "m", empty, List.of(peer))).hasValueSatisfying(f ->
                assertThat(f.evidence()).contains("came back empty").contains("on the other nodes"));
        assertThat(Detectors.grayFailure("n", "m", peer, List.of(empty))).as("the healthy node beside it").isEmpty();
    }

    @Test
    void shouldNotCallEmptyAnswersAFailureWhenEveryNodeOfTheModelGivesThem() {
        var empty = series(20, t -> answers(t, 2L * t, 0, t / 2));
        assertThat(Detectors.grayFailure("n", "m", empty, List.of(empty, empty))).isEmpty();
        assertThat(Detectors.grayFailure("n", "m", empty, List.of())).as("no peers to compare with").isEmpty();
    }

    @Test
    void shouldNotCallADifferenceWithinChanceAGrayFailure() {
        var mine = series(11, t -> answers(t, t, 0, t * 6L / 10));          // 6 of 10 empty
        var peer = series(11, t -> answers(t, 5L * t, 0, t * 24L / 10));    // 24 of 50 empty
        assertThat(Detectors.grayFailure("n", "m", mine, List.of(peer))).as("12 points apart on 10 answers is luck").isEmpty();
    }
}
