package dev.firebreak.lab.gameday;

import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.lab.loadgen.SecondStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import dev.firebreak.lab.localcluster.NodeSetup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Recovery from the clients' seconds: when every model's requests succeed again as they did before the fault. */
class TimingTest {

    /** 30 s: before 4-10, the fault at 10, healed at 20. */
    private static final Scenario SCENARIO = new Scenario("t", "t", Route.GATEWAY, 3, Scenarios.MODELS, NodeSetup.defaults(),
            Scenarios.rates(3), Scenarios.MIX, 30, 4, 10, 20, "node-1",
            List.of(new Step(10, new Fault.Slow("node-1", 1000)), new Step(20, new Fault.Heal("node-1"))));

    @Test
    void shouldRecoverAtTheFirstSecondThatHoldsAfterTheFaultEnds() {
        assertThat(recoveryWhenChat(s -> s >= 10 && s < 20 ? new int[] {1, 2} : new int[] {3, 0})).isEqualTo(10_000L);
    }

    @Test
    void shouldNotCallALoneFailureAfterwardsARelapse() {
        assertThat(recoveryWhenChat(s -> s >= 10 && s < 20 ? new int[] {0, 3}
                : s == 25 ? new int[] {2, 1} : new int[] {3, 0})).isEqualTo(10_000L);
    }

    @Test
    void shouldNotCallALuckySecondDuringTheFaultARecovery() {
        assertThat(recoveryWhenChat(s -> s == 14 ? new int[] {3, 0}
                : s >= 10 && s < 22 ? new int[] {1, 2} : new int[] {3, 0})).isEqualTo(12_000L);
    }

    @Test
    void shouldSayNeverWhenTheModelStaysDown() {
        assertThat(recoveryWhenChat(s -> s >= 10 ? new int[] {1, 2} : new int[] {3, 0})).isNull();
    }

    @Test
    void shouldSayNoDipWhenNoModelEverFellBelow() {
        assertThat(Timing.recovery(SCENARIO, healthy(Scenarios.DOCS, Scenarios.CODE, Scenarios.CHAT))).isZero();
    }

    @Test
    void shouldNotCountAnswersThatStoppedComingAsRecovered() {
        // Nothing fails, but nothing ends either: requests hang.
        assertThat(recoveryWhenChat(s -> s >= 10 ? new int[] {0, 0} : new int[] {3, 0})).isNull();
    }

    @Test
    void shouldGiveTheFaultsEnd() {
        assertThat(SCENARIO.healAt()).isEqualTo(20.0);
        Scenario forever = new Scenario("f", "f", Route.GATEWAY, 3, Scenarios.MODELS, NodeSetup.defaults(),
                Scenarios.rates(3), Scenarios.MIX, 30, 4, 10, 20, "node-1", List.of(new Step(10, new Fault.Kill("node-1"))));
        assertThat(forever.healAt()).isNaN();
    }

    @Test
    void shouldCallTheFirstOpenedBreakerOfTheFaultyNodeItsDetection() {
        List<ClusterEvent> events = List.of(
                breaker(9_000, Scenarios.CHAT, "node-1", State.CLOSED, State.OPEN),
                breaker(10_500, Scenarios.CHAT, "node-2", State.CLOSED, State.OPEN),
                breaker(11_000, Scenarios.CHAT, "node-1", State.OPEN, State.HALF_OPEN),
                breaker(12_000, Scenarios.CHAT, "node-1", State.HALF_OPEN, State.FORCED_OPEN));

        assertThat(Timing.detection(SCENARIO, events, 10_000)).as("before the fault, another node, a half-open: not it")
                .isEqualTo(2_000L);
    }

    @Test
    void shouldContainOnceEveryModelOfTheNodeHasItsBreakerOpen() {
        List<String> models = List.of(Scenarios.CHAT, Scenarios.CODE);
        List<ClusterEvent> chatOnly = List.of(breaker(11_000, Scenarios.CHAT, "node-1", State.CLOSED, State.OPEN));
        List<ClusterEvent> both = List.of(chatOnly.getFirst(),
                breaker(13_000, Scenarios.CODE, "node-1", State.CLOSED, State.OPEN));

        assertThat(Timing.containment("node-1", models, chatOnly, 10_000)).isNull();
        assertThat(Timing.containment("node-1", models, both, 10_000)).isEqualTo(3_000L);
    }

    private static ClusterEvent breaker(long atMillis, String model, String node, State from, State to) {
        return ClusterEvent.of(new BreakerTransition(model, node, from, to, 50f), atMillis);
    }

    /** The recovery over thirty seconds in which docs and code stay healthy and chat answers {ok, shed} per second as given. */
    private static Long recoveryWhenChat(java.util.function.IntFunction<int[]> okAndShed) {
        List<SecondStats> series = healthy(Scenarios.DOCS, Scenarios.CODE);
        series.addAll(model(Scenarios.CHAT, okAndShed));
        return Timing.recovery(SCENARIO, series);
    }

    private static List<SecondStats> healthy(String... models) {
        List<SecondStats> series = new ArrayList<>();
        for (String m : models) {
            series.addAll(model(m, s -> new int[] {3, 0}));
        }
        return series;
    }

    /** Thirty seconds of one model: {ok, shed} per second. */
    private static List<SecondStats> model(String model, java.util.function.IntFunction<int[]> okAndShed) {
        List<SecondStats> series = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            int[] o = okAndShed.apply(s);
            series.add(new SecondStats(model, s, s * 1000L, o[0] + o[1], o[0], 0, o[1], 0,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        }
        return series;
    }
}
