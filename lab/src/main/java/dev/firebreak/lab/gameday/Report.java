package dev.firebreak.lab.gameday;

import dev.firebreak.lab.loadgen.WorkloadMix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The game day's Markdown: a summary table, the isolation comparison, the bars, and a section per scenario. */
public final class Report {

    public static final String FILE = "README.md";
    public static final String SUMMARY_FILE = "summary.md";

    private Report() {
    }

    /** Writes {@value #FILE} and {@value #SUMMARY_FILE} (the summary table alone, for the project README) into {@code out}. */
    public static Path write(List<ScenarioResult> results, Path out, double scale) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Game day\n\n");
        md.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", rate scale ").append(fmt(scale, 2))
                .append(", with `firebreak-lab gameday --out docs/gameday`")
                .append(" (`./mvnw -pl lab -am -DskipTests -Pgameday verify`).\n\n");
        WorkloadMix mix = Scenarios.MIX;
        md.append(DEFINITIONS.formatted(Scenarios.CPUS, Scenarios.KV, Scenarios.RATE, mix.minPromptTokens(),
                mix.maxPromptTokens(), mix.minOutputTokens(), mix.maxOutputTokens(), Scenarios.BEFORE, Scenarios.BEFORE, Scenarios.FAULT, Scenarios.FAULT,
                Scenarios.AFTER, Scenarios.AFTER, Scenarios.SECONDS, Timing.WINDOW));
        md.append("## Summary\n\n").append(summaryTable(results)).append('\n');
        List<ScenarioResult> isolation = results.stream().filter(r -> r.scenario().name().startsWith("isolation-")).toList();
        if (!isolation.isEmpty()) {
            md.append("## Isolation side by side\n\n").append(isolationTable(isolation)).append('\n');
        }
        String budgets = onVersusOff(results);
        if (!budgets.isEmpty()) {
            md.append("## Error budget spent, protections off versus on\n\n").append(BUDGET_DEFINITION).append("\n\n")
                    .append(budgets).append('\n');
        }
        md.append("## Bars\n\n").append(bars(results)).append('\n');
        for (ScenarioResult r : results) {
            md.append("## ").append(r.scenario().name()).append("\n\n").append(r.scenario().title()).append(". Faults: ")
                    .append(r.scenario().steps().stream().map(s -> "at " + fmt(s.atSeconds(), 0) + " s " + s.fault().label())
                            .collect(Collectors.joining("; "))).append(".\n\n");
            md.append("![").append(r.scenario().name()).append("](").append(r.scenario().name()).append(".png)\n\n");
            md.append(scenarioTable(r)).append('\n');
        }
        Files.writeString(out.resolve(SUMMARY_FILE), summaryTable(results));
        Path file = out.resolve(FILE);
        Files.writeString(file, md.toString());
        return file;
    }

    private static final String DEFINITIONS = """
            Every scenario starts a fresh local cluster (separate node JVMs and an agent on loopback),
            warms each node up, and sends open-loop Poisson traffic per model with the generator of
            `firebreak-lab load`. Each node's engine is capped at %.1f core (`--cpus`, as a container
            quota would), so that a dead node's CPU does not go to the survivors as it never would
            across machines, and has a %s KV pool. %.1f requests/s per model, prompts of %d-%d tokens,
            answers of %d-%d (long answers: decode holds KV blocks, as in real serving), half streamed.
            Completions only: the synthetic models answer chat requests with special tokens alone
            (empty text), which the gateway's gray-failure detector would count as empty answers.
            Phases (seconds from the start of traffic): warm-up 0-%.0f, *before* %.0f-%.0f, *during*
            %.0f-%.0f (the fault is healed at its end, or its supervisor restarts the dead node), *after* %.0f-%.0f. A request
            counts in the phase in which it ended. Clients give up after 10 s.

            - **goodput**: complete answers per second (a finish reason, and `[DONE]` for streams).
            - **kept**: goodput during the fault over goodput before, per request (the share of
              requests answered completely, during against before: a phase of a few dozen Poisson
              arrivals differs from the next by 15%% by luck, which answers per second would count as
              loss or gain); under overload, per second (what stays served while the excess is shed). *Off-node* models are those the faulty node does not serve; the bars are about them.
            - **p99 x**: p99 latency of complete answers during over before.
            - **truncated as success**: HTTP 200 answers cut short without an error (a stream without
              `[DONE]` or finish reason, a whole answer without finish reason).
            - **detection**: fault to the agent's first event about it (node down, KV leak, stall, gray
              failure, overload, breaker opened). **containment**: fault to the faulty node being cut out
              of the path for all its models (breakers open or node down), or, for overload, to the
              first 429. **recovery**: fault to the first second from which every model's requests
              succeed at 90%% or more of its before share, that second, the %d s from it (with at least
              half its before goodput) and the rest of the run alike; in brackets, how long after the fault
              ended (healed, restarted, load back to 1x). "no dip": no model ever fell below; "-": not
              within the run. **shed before**: requests refused with 429 at normal load, before the fault.

            """;

    static String summaryTable(List<ScenarioResult> results) {
        StringBuilder t = new StringBuilder();
        t.append("| scenario | route | off-node models: goodput kept (min) | off-node p99 x (max) | faulty node's models: goodput kept (min) "
                + "| shed before | errors during | shed during | shed 429 p99 | truncated as success | detection | containment | recovery "
                + "| models down | crashed |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            List<ModelFigures> off = r.models().stream().filter(m -> !m.onFaultyNode()).toList();
            List<ModelFigures> on = r.models().stream().filter(ModelFigures::onFaultyNode).toList();
            t.append("| ").append(r.scenario().name()).append(" | ").append(r.scenario().route().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(pct(min(off, r::kept)))
                    .append(" | ").append(times(max(off, ModelFigures::p99Ratio)))
                    .append(" | ").append(pct(min(on, r::kept)))
                    .append(" | ").append(pct(mean(r.models(), m -> m.before().shedRate())))
                    .append(" | ").append(pct(mean(r.models(), m -> m.during().errorRate())))
                    .append(" | ").append(pct(mean(r.models(), m -> m.during().shedRate())))
                    .append(" | ").append(ms(max(r.models(), m -> m.during().shedP99Millis())))
                    .append(" | ").append(r.truncatedAsSuccess())
                    .append(" | ").append(ms(r.detectionMillis()))
                    .append(" | ").append(ms(r.containmentMillis()))
                    .append(" | ").append(recovery(r))
                    .append(" | ").append(r.modelsDown()).append(" of ").append(r.models().size())
                    .append(" | ").append(r.crashed().isEmpty() ? "none" : String.join(", ", r.crashed())).append(" |\n");
        }
        return t.toString();
    }

    static String isolationTable(List<ScenarioResult> results) {
        StringBuilder t = new StringBuilder();
        t.append("| setup | goodput before, all models | p99 before (worst model) | node RSS | models down by tiny-chat's leak |\n");
        t.append("|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            double goodput = r.models().stream().mapToDouble(m -> m.before().goodput()).sum();
            t.append("| ").append(r.scenario().name()).append(" | ").append(fmt(goodput, 2)).append(" /s | ")
                    .append(ms(max(r.models(), m -> m.before().p99Millis()))).append(" | ")
                    .append(r.rssTotal() / (1024 * 1024)).append(" MiB in ").append(r.rssBytes().size()).append(" process(es) | ")
                    .append(r.modelsDown()).append(" of ").append(r.models().size()).append(" (")
                    .append(r.models().stream().filter(r::down)
                            .map(ModelFigures::model).collect(Collectors.joining(", "))).append(") |\n");
        }
        return t.toString();
    }

    static String bars(List<ScenarioResult> results) {
        StringBuilder b = new StringBuilder();
        for (ScenarioResult r : results) {
            Scenario s = r.scenario();
            List<ModelFigures> off = r.models().stream().filter(m -> !m.onFaultyNode()).toList();
            String verdict;
            if (s.route() == Route.GATEWAY) {
                boolean kept = off.stream().allMatch(m -> r.kept(m) >= 0.95);
                boolean p99 = off.stream().allMatch(m -> m.p99Ratio() <= 2);
                boolean noCut = r.truncatedAsSuccess() == 0;
                boolean intact = r.crashed().isEmpty();
                verdict = (off.isEmpty() ? "" : "off-node goodput >= 95%: " + yes(kept) + "; off-node p99 within 2x: " + yes(p99) + "; ")
                        + "no truncation as success: " + yes(noCut) + "; nothing crashed: " + yes(intact);
                if (s.faultyNode() == null) {
                    OptionalDouble shedP99 = r.models().stream().mapToDouble(m -> m.during().shedP99Millis())
                            .filter(v -> !Double.isNaN(v)).max();
                    verdict += "; shed with 429, p99 " + (shedP99.isPresent() ? ms(shedP99.getAsDouble()) : "no 429 seen");
                }
            } else {
                verdict = "baseline: " + r.modelsDown() + " of " + r.models().size() + " models down, "
                        + r.truncatedAsSuccess() + " truncated answers delivered as success, off-node goodput kept "
                        + pct(min(off, r::kept)) + ", off-node p99 x " + times(max(off, ModelFigures::p99Ratio));
            }
            b.append("- **").append(s.name()).append("**: ").append(verdict).append('\n');
        }
        return b.toString();
    }

    /** Per-model figures of one scenario, with its times. */
    public static String scenarioTable(ScenarioResult r) {
        StringBuilder t = new StringBuilder();
        t.append("| model | on faulty node | goodput before / during / after | kept | errors during | shed during "
                + "| p50 / p99 before | p50 / p99 during | truncated as success | \"stop\" share before / during |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ModelFigures m : r.models()) {
            t.append("| ").append(m.model()).append(" | ").append(m.onFaultyNode() ? "yes" : "no").append(" | ")
                    .append(fmt(m.before().goodput(), 2)).append(" / ").append(fmt(m.during().goodput(), 2)).append(" / ")
                    .append(fmt(m.after().goodput(), 2)).append(" | ").append(pct(r.kept(m))).append(" | ")
                    .append(pct(m.during().errorRate())).append(" | ").append(pct(m.during().shedRate())).append(" | ")
                    .append(ms(m.before().p50Millis())).append(" / ").append(ms(m.before().p99Millis())).append(" | ")
                    .append(ms(m.during().p50Millis())).append(" / ").append(ms(m.during().p99Millis())).append(" | ")
                    .append(m.truncatedAsSuccess()).append(" | ")
                    .append(pct(m.stopShareBefore())).append(" / ").append(pct(m.stopShareDuring())).append(" |\n");
        }
        t.append("\nDetection ").append(ms(r.detectionMillis())).append(", containment ").append(ms(r.containmentMillis()))
                .append(", recovery ").append(recovery(r)).append("; node RSS before the fault ")
                .append(r.rssTotal() / (1024 * 1024)).append(" MiB; machine load average at the start ")
                .append(fmt(r.loadAverage(), 1)).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; crashed: ")
                .append(r.crashed().isEmpty() ? "none" : String.join(", ", r.crashed())).append(".\n");
        t.append('\n').append(BUDGET_DEFINITION).append("\n\n").append(budgetTable(r)).append('\n');
        Map<String, Long> codes = r.models().stream().flatMap(m -> m.errorCodes().entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, java.util.TreeMap::new));
        t.append("Error codes seen by clients: ").append(codes.isEmpty() ? "none" : codes).append(".\n");
        double healAt = r.scenario().healAt();
        events(t, "First agent events after the fault", r.events().stream()
                .filter(e -> e.atSeconds() >= r.scenario().faultAt() && !(e.atSeconds() >= healAt)).limit(6).toList());
        events(t, "First agent events after the end of the fault", r.events().stream()
                .filter(e -> e.atSeconds() >= healAt).limit(8).toList());
        return t.toString();
    }

    /** What the budget figures are, for the report and the console's panel. */
    static final String BUDGET_DEFINITION = "Error budget spent over the run, by the agent's own SLO indicators over every request"
            + " the clients sent (answered completely, or failed, cut, timed out or shed with 429; a client's own 4xx not counted)"
            + " and its default objectives: " + percent(BudgetMeter.OBJECTIVES.objective("").availability()) + " answered, "
            + percent(BudgetMeter.OBJECTIVES.objective("").latency()) + " of first tokens within "
            + BudgetMeter.OBJECTIVES.objective("").latencyThresholdMillis() / 1000.0 + " s. **burn**: the bad share over the allowed"
            + " one (1x spends the budget exactly over the window); **of window**: the share of a "
            + BudgetMeter.OBJECTIVES.objective("").windowMillis() / 86_400_000 + "-day budget the run spent, had the model this"
            + " traffic all window (burn x run / window).";

    /** Each model's budget spent in one scenario. */
    static String budgetTable(ScenarioResult r) {
        StringBuilder t = new StringBuilder();
        t.append("| model | requests counted | answered | availability burn | of window | answers timed | first token in time "
                + "| latency burn | of window |\n");
        t.append("|---|---|---|---|---|---|---|---|---|\n");
        for (ModelFigures m : r.models()) {
            BudgetSpent b = m.budget();
            t.append("| ").append(m.model()).append(" | ").append(b.availability().total()).append(" | ")
                    .append(compliance(b.availability())).append(" | ").append(burn(b.availability())).append(" | ")
                    .append(share(b.spent(b.availability()))).append(" | ").append(b.latency().total()).append(" | ")
                    .append(compliance(b.latency())).append(" | ").append(burn(b.latency())).append(" | ")
                    .append(share(b.spent(b.latency()))).append(" |\n");
        }
        return t.toString();
    }

    /**
     * The budget each model spent with protections off and on, for every scenario run both ways
     * ({@code X-naive} and {@code X-firebreak}); empty when none was.
     */
    public static String onVersusOff(List<ScenarioResult> results) {
        StringBuilder t = new StringBuilder();
        for (ScenarioResult off : results) {
            ScenarioResult on = off.scenario().route() != Route.NAIVE ? null : results.stream()
                    .filter(r -> r.scenario().route() == Route.GATEWAY && pair(r.scenario()).equals(pair(off.scenario())))
                    .findFirst().orElse(null);
            if (on == null) {
                continue;
            }
            for (ModelFigures m : off.models()) {
                ModelFigures n = on.models().stream().filter(x -> x.model().equals(m.model())).findFirst().orElse(null);
                if (n == null) {
                    continue;
                }
                t.append("| ").append(pair(off.scenario())).append(" | ").append(m.model()).append(" | ")
                        .append(compliance(m.budget().availability())).append(" / ").append(compliance(n.budget().availability()))
                        .append(" | ").append(burn(m.budget().availability())).append(" / ").append(burn(n.budget().availability()))
                        .append(" | ").append(share(m.budget().spent(m.budget().availability()))).append(" / ")
                        .append(share(n.budget().spent(n.budget().availability())))
                        .append(" | ").append(burn(m.budget().latency())).append(" / ").append(burn(n.budget().latency()))
                        .append(" | ").append(share(m.budget().spent(m.budget().latency()))).append(" / ")
                        .append(share(n.budget().spent(n.budget().latency()))).append(" |\n");
            }
        }
        if (t.isEmpty()) {
            return "";
        }
        return "| scenario | model | answered, off / on | availability burn, off / on | of window, off / on "
                + "| latency burn, off / on | of window, off / on |\n|---|---|---|---|---|---|---|\n" + t;
    }

    /** The scenario's name without its route: what a naive run and a gateway run of the same faults share. */
    public static String pair(Scenario s) {
        return s.name().replaceFirst("-(naive|firebreak)$", "");
    }

    private static String compliance(dev.firebreak.agent.api.SloIndicator sli) {
        return sli.compliance() == null ? "no data" : String.format(Locale.ROOT, "%.1f%%", 100 * sli.compliance());
    }

    private static String burn(dev.firebreak.agent.api.SloIndicator sli) {
        Double burn = BudgetSpent.burn(sli);
        return burn == null ? "no data" : String.format(Locale.ROOT, burn >= 10 ? "%.0fx" : "%.1fx", burn);
    }

    /** A small share as a percentage to two significant figures: 0.0033%, 1.2%. */
    static String share(Double share) {
        if (share == null) {
            return "no data";
        }
        if (share == 0) {
            return "0%";
        }
        return new java.math.BigDecimal(100 * share).round(new java.math.MathContext(2)).toPlainString() + "%";
    }

    private static String percent(double share) {
        return java.math.BigDecimal.valueOf(100 * share).stripTrailingZeros().toPlainString() + "%";
    }

    private static void events(StringBuilder t, String title, List<TimedEvent> events) {
        if (!events.isEmpty()) {
            t.append(title).append(":\n\n");
            events.forEach(e -> t.append("- ").append(fmt(e.atSeconds(), 1)).append(" s `").append(e.type()).append("` ")
                    .append(e.message().replace('|', '/')).append('\n'));
            t.append('\n');
        }
    }

    /** Recovery from the fault, and in brackets from the fault's end. */
    static String recovery(ScenarioResult r) {
        Long millis = r.recoveryMillis();
        if (millis == null) {
            return "-";
        }
        if (millis == 0) {
            return "no dip";
        }
        double afterHeal = millis / 1000.0 - (r.scenario().healAt() - r.scenario().faultAt());
        return fmt(millis / 1000.0, 1) + " s" + (Double.isNaN(afterHeal) ? ""
                : " (" + (afterHeal < 0 ? "before the end of the fault" : "end +" + fmt(afterHeal, 1) + " s") + ")");
    }

    private static double min(List<ModelFigures> models, java.util.function.ToDoubleFunction<ModelFigures> f) {
        return models.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    private static double max(List<ModelFigures> models, java.util.function.ToDoubleFunction<ModelFigures> f) {
        return models.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    private static double mean(List<ModelFigures> models, java.util.function.ToDoubleFunction<ModelFigures> f) {
        return models.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static String yes(boolean met) {
        return met ? "met" : "**missed**";
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    static String ms(Long millis) {
        return millis == null ? "-" : millis + " ms";
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
