package dev.firebreak.agent.slo;

import dev.firebreak.agent.testing.SqliteStateFile;
import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.SloIndicator;
import dev.firebreak.agent.config.SloConfig;
import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.watch.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The meter and the book over a real SQLite state store, on an injected clock: events counted per
 * minute, the budget and burn rates read back over each window, "no data" for a model without
 * traffic, and the same figures for an agent restarted on the same file.
 */
class SloBookTest {

    /** 99% availability, 90% of first tokens within 1 s, over 28 days. */
    private static final SloConfig SLO = new SloConfig("28d", 99.0, "1s", 90.0, true, List.of());

    @RegisterExtension
    final SqliteStateFile state = new SqliteStateFile();
    private final ManualClock clock = new ManualClock();
    private SloMeter meter;
    private SloBook book;

    @BeforeEach
    void open() throws Exception {
        clock.advance(10 * 86_400_000L); // well past the epoch, so every window lies after it
        meter = meter(state.store());
        book = book(state.store());
    }

    private SloMeter meter(StateStore s) {
        return new SloMeter(SLO, clock, s.sloMinutes(), new AgentMetrics(List::of, List::of, List::of).sloEvents());
    }

    private SloBook book(StateStore s) {
        return new SloBook(SLO, clock, s.sloMinutes(), () -> List.of("chat", "code"));
    }

    private ModelSlo model(String name) throws Exception {
        return book.report().models().stream().filter(m -> m.model().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldShowNoDataForAModelWithoutTrafficNeverAHundredPercent() throws Exception {
        SloIndicator availability = model("code").availability();
        assertThat(availability.compliance()).isNull();
        assertThat(availability.budgetRemaining()).isNull();
        assertThat(availability.noData()).isEqualTo("no traffic in the window");
        assertThat(availability.burnRates()).containsOnlyKeys("5m", "30m", "1h", "6h", "3d").allSatisfy((w, r) -> assertThat(r).isNull());
        assertThat(model("code").nodes()).isEmpty();
    }

    @Test
    void shouldCountFailuresEmptyAnswersAndShedRequestsAgainstAvailabilityAndSlowFirstTokensAgainstLatency() throws Exception {
        for (int i = 0; i < 96; i++) {
            meter.answered("chat", "node-1", true, i < 90 ? 200 : 1_500);
        }
        meter.answered("chat", "node-2", false, 100); // a cut delivered as success
        meter.failed("chat", "node-2");
        meter.failed("chat", null);
        meter.shed("chat");
        meter.flush();

        ModelSlo chat = model("chat");
        assertThat(chat.availability().total()).isEqualTo(100);
        assertThat(chat.availability().good()).isEqualTo(96);
        assertThat(chat.availability().compliance()).isEqualTo(0.96);
        // 4% bad against a 1% budget: four budgets spent, three overspent.
        assertThat(chat.availability().budgetRemaining()).isCloseTo(-3.0, within(1e-9));
        assertThat(chat.availability().burnRates().get("5m")).isCloseTo(4.0, within(1e-9));
        assertThat(chat.latency().total()).as("answers are timed, failures are not").isEqualTo(97);
        assertThat(chat.latency().good()).isEqualTo(91);
        assertThat(chat.latency().thresholdMillis()).isEqualTo(1_000);
        assertThat(chat.nodes()).extracting(ModelSlo.NodeSlo::node).containsExactly("node-1", "node-2");
        assertThat(chat.nodes().get(1).availability().good()).isZero();
        assertThat(chat.nodes().get(1).availability().total()).isEqualTo(2);
    }

    @Test
    void shouldReadEachBurnWindowOverItsOwnSpan() throws Exception {
        for (int i = 0; i < 10; i++) {
            meter.failed("chat", "node-1");
        }
        meter.flush();
        clock.advance(10 * 60_000L); // the failures leave the 5 minute window, stay in the 30 minute one
        for (int i = 0; i < 90; i++) {
            meter.answered("chat", "node-1", true, 100);
        }
        meter.flush();

        Map<String, Double> burn = model("chat").availability().burnRates();
        assertThat(burn.get("5m")).isCloseTo(0.0, within(1e-9));
        assertThat(burn.get("30m")).isCloseTo(10.0, within(1e-9));
        assertThat(burn.get("3d")).isCloseTo(10.0, within(1e-9));

        clock.advance(29L * 86_400_000L); // out of the 28 day window altogether
        assertThat(model("chat").availability().noData()).isEqualTo("no traffic in the window");
    }

    @Test
    void shouldGiveARestartedAgentAndASecondReplicaTheSameBudget() throws Exception {
        meter.answered("chat", "node-1", true, 100);
        meter.failed("chat", "node-1");
        meter.flush();
        SloMeter replica = meter(state.store());
        replica.answered("chat", "node-1", true, 100);
        replica.answered("chat", "node-1", true, 100);
        replica.flush();

        book = book(state.reopen());
        assertThat(model("chat").availability()).satisfies(a -> {
            assertThat(a.total()).isEqualTo(4);
            assertThat(a.good()).isEqualTo(3);
        });
        assertThat(model("chat").availability().burnRates().get("1h")).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void shouldNotCountShedRequestsWhenConfiguredNotTo() throws Exception {
        SloMeter lenient = new SloMeter(new SloConfig(null, null, null, null, false, null), clock, state.store().sloMinutes(),
                new AgentMetrics(List::of, List::of, List::of).sloEvents());
        lenient.shed("chat");
        lenient.flush();
        assertThat(model("chat").availability().noData()).isNotNull();
    }
}
