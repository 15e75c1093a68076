package dev.firebreak.lab.gameday;

import dev.firebreak.lab.loadgen.Outcome;
import dev.firebreak.lab.loadgen.RequestResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The budget a run spent, through the agent's own SLO meter and book on a real SQLite file. */
class BudgetMeterTest {

    private static final long T0 = 1_000_000_000L;
    private static final long RUN = 80_000;
    private static final double WINDOW = 28 * 86_400_000.0;

    /** One request every 70 ms from T0 (so the run spans two minutes), ending 500 ms after it was due. */
    private static RequestResult result(int i, Outcome outcome, int status, String code, boolean stream, long ttftMicros) {
        return new RequestResult("m", stream, T0 + i * 70_000_000L, outcome, status, code, ttftMicros, 500_000, "node-1",
                outcome == Outcome.OK ? "length" : null);
    }

    /**
     * 990 quick whole answers and 10 streams whose first token took 3 s; 5 bad gateways, 3 shed, 1
     * cut; a client's own 400 and a request the client never sent, which count for nothing.
     */
    static List<RequestResult> run() {
        List<RequestResult> results = new ArrayList<>();
        int i = 0;
        for (int k = 0; k < 990; k++) {
            results.add(result(i++, Outcome.OK, 200, null, false, -1));
        }
        for (int k = 0; k < 10; k++) {
            results.add(result(i++, Outcome.OK, 200, null, true, 3_000_000));
        }
        for (int k = 0; k < 5; k++) {
            results.add(result(i++, Outcome.ERROR, 502, "upstream_failed", false, -1));
        }
        for (int k = 0; k < 3; k++) {
            results.add(result(i++, Outcome.SHED, 429, "capacity_exhausted", false, -1));
        }
        results.add(result(i++, Outcome.TRUNCATED, 200, null, true, 100_000));
        results.add(result(i++, Outcome.ERROR, 400, "invalid_request", false, -1));
        results.add(result(i, Outcome.ERROR, 0, "client_overflow", false, -1));
        return results;
    }

    @Test
    void shouldCountTheRunsRequestsAsTheGatewayCountsItsOwn() throws Exception {
        Map<String, BudgetSpent> spent = BudgetMeter.measure(List.of("m", "quiet"), run(), T0, RUN);

        BudgetSpent m = spent.get("m");
        assertThat(m.availability().total()).as("1000 answers, 5 errors, 3 shed, 1 cut").isEqualTo(1_009);
        assertThat(m.availability().good()).isEqualTo(1_000);
        // 9 bad of 1009 against an allowance of 0.5%.
        assertThat(BudgetSpent.burn(m.availability())).isCloseTo((9 / 1009.0) / 0.005, within(1e-9));
        assertThat(m.spent(m.availability())).isCloseTo((9 / 1009.0) / 0.005 * RUN / WINDOW, within(1e-12));
        assertThat(m.latency().total()).as("only answers are timed").isEqualTo(1_000);
        assertThat(m.latency().good()).as("the 3 s first tokens miss the 2 s threshold").isEqualTo(990);
        assertThat(BudgetSpent.burn(m.latency())).isCloseTo(1.0, within(1e-9));

        BudgetSpent quiet = spent.get("quiet");
        assertThat(quiet.availability().compliance()).as("no traffic: no data, not 100%").isNull();
        assertThat(quiet.spent(quiet.availability())).isNull();
    }

    @Test
    void shouldSetTheBudgetSpentWithProtectionsOffBesideOn() throws Exception {
        Scenario off = Scenarios.all().stream().filter(s -> s.name().equals("outage-naive")).findFirst().orElseThrow();
        Scenario on = Scenarios.all().stream().filter(s -> s.name().equals("outage-firebreak")).findFirst().orElseThrow();
        List<RequestResult> clean = run().stream().filter(r -> r.outcome() == Outcome.OK).toList();
        ScenarioResult naive = result(off, BudgetMeter.measure(List.of("m"), run(), T0, RUN).get("m"));
        ScenarioResult gateway = result(on, BudgetMeter.measure(List.of("m"), clean, T0, RUN).get("m"));

        String table = Report.onVersusOff(List.of(gateway, naive));

        assertThat(table).contains("| outage | m | 99.1% / 100.0% | 1.8x / 0.0x | 0.0059% / 0% | 1.0x / 1.0x | 0.0033% / 0.0033% |");
        assertThat(Report.onVersusOff(List.of(gateway))).as("no run with protections off").isEmpty();
        assertThat(Report.scenarioTable(naive)).contains("| m | 1009 | 99.1% | 1.8x | 0.0059% | 1000 | 99.0% | 1.0x | 0.0033% |");
    }

    private static ScenarioResult result(Scenario scenario, BudgetSpent budget) {
        Phase phase = new Phase(1, 1, 1, 0, 0, 0, 1, 1, Double.NaN);
        return new ScenarioResult(scenario, List.of(new ModelFigures("m", false, phase, phase, phase, 0, 0, Map.of(), budget)),
                List.of(), List.of(), null, null, null, Map.of(), List.of(), 0);
    }
}
