package dev.firebreak.agent.slo;

import dev.firebreak.agent.testing.SqliteStateFile;
import dev.firebreak.agent.alerting.IncidentProblems;
import dev.firebreak.agent.alerting.OpenProblem;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.config.SloConfig;
import dev.firebreak.agent.incidents.Incidents;
import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.watch.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Burn-rate alerts from the real meter, book and SQLite store, minute by minute on an injected
 * clock, into the real incidents: a model failing 20% of its requests against a 1% budget pages
 * and tickets as one incident of the model, which goes to Alertmanager like any other; the page
 * clears once the short window is healthy again while the ticket holds; a model with no traffic
 * raises nothing.
 */
class BurnAlertsTest {

    private static final SloConfig SLO = new SloConfig("28d", 99.0, "2s", 99.0, true, List.of());

    @RegisterExtension
    final SqliteStateFile state = new SqliteStateFile();
    private final ManualClock clock = new ManualClock();
    private final List<ClusterEvent> events = new ArrayList<>();
    private SloMeter meter;
    private SloBook book;
    private Incidents incidents;
    private BurnAlerts alerts;

    @BeforeEach
    void open() throws Exception {
        clock.advance(10 * 86_400_000L);
        StateStore store = state.store();
        meter = new SloMeter(SLO, clock, store.sloMinutes(), new AgentMetrics(List::of, List::of, List::of).sloEvents());
        book = new SloBook(SLO, clock, store.sloMinutes(), () -> List.of("chat", "code"));
        incidents = new Incidents(clock, store.incidents());
        alerts = new BurnAlerts(clock, (model, e) -> {
            events.add(e);
            incidents.acceptModel(model, e);
        });
    }

    /** {@code minutes} of 100 requests a minute to chat, {@code failing} of them failing, checked each minute. */
    private void traffic(int minutes, int failing) throws Exception {
        for (int m = 0; m < minutes; m++) {
            for (int i = 0; i < 100; i++) {
                if (i < failing) {
                    meter.failed("chat", "node-1");
                } else {
                    meter.answered("chat", "node-1", true, 100);
                }
            }
            meter.flush();
            alerts.check(book.report());
            clock.advance(60_000);
        }
    }

    private List<String> types() {
        return events.stream().map(ClusterEvent::type).toList();
    }

    @Test
    void shouldPageAndTicketAsOneIncidentOfTheModelAndClearThePageOnceTheShortWindowIsHealthy() throws Exception {
        traffic(60, 0);
        assertThat(events).as("a healthy hour, and a model with no traffic at all").isEmpty();

        // Ten minutes at 20% against a 1% budget: 20x, but over the hour only 3.3x: a ticket, no page yet.
        traffic(10, 20);
        assertThat(types()).containsExactly("slo-burn-ticket");
        assertThat(incidents.live()).singleElement().satisfies(i -> {
            assertThat(i.node()).isNull();
            assertThat(i.models()).containsExactly("chat");
            assertThat(i.severity()).isEqualTo(IncidentSeverity.WARNING);
            assertThat(i.title()).isEqualTo("Error budget burning for chat");
        });

        // Kept up, 6 hours' ratio passes 6% while the last 30 minutes burn at 20x: a page, on the same incident.
        traffic(40, 20);
        assertThat(types()).containsExactly("slo-burn-ticket", "slo-burn-page");
        assertThat(events.getLast().message()).startsWith("chat: availability budget burning ").contains("over 6h", "over 30m");
        assertThat(incidents.live()).singleElement().satisfies(i -> assertThat(i.severity()).isEqualTo(IncidentSeverity.CRITICAL));
        OpenProblem alert = IncidentProblems.of("prod", incidents.live()).getFirst();
        assertThat(alert.labels()).containsEntry("alertname", "FirebreakSloBurnTicket").containsEntry("model", "chat")
                .containsEntry("node", "").containsEntry("severity", "critical");

        // Healthy again: the page holds while the last 30 minutes still burn over 6x, and stops once they do not.
        traffic(10, 0);
        assertThat(types()).containsExactly("slo-burn-ticket", "slo-burn-page");
        traffic(21, 0);
        assertThat(types()).containsExactly("slo-burn-ticket", "slo-burn-page", "slo-burn-page-cleared");
        assertThat(incidents.live()).as("the ticket still holds it: 3 days and 6 hours are still over 1x").hasSize(1);
    }

    @Test
    void shouldNotAlertOnTheFirstFewErrorsOfAFreshWindow() throws Exception {
        for (int i = 0; i < 20; i++) {
            if (i < 10) {
                meter.failed("chat", "node-1");
            } else {
                meter.answered("chat", "node-1", true, 100);
            }
        }
        meter.flush();
        alerts.check(book.report());
        assertThat(events).as("half of 20 requests failed: a rate, not yet a spent budget").isEmpty();

        traffic(1, 60);
        assertThat(types()).as("past " + BurnAlerts.MIN_EVENTS + " requests the burn rate speaks").isNotEmpty();
    }

    @Test
    void shouldRaiseNothingForAModelWithoutTraffic() throws Exception {
        alerts.check(book.report());
        assertThat(events).isEmpty();
        assertThat(incidents.live()).isEmpty();
    }
}
