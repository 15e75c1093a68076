package dev.firebreak.agent.cli;

import dev.firebreak.agent.api.SloBucket;
import dev.firebreak.agent.api.SloHistory;
import dev.firebreak.agent.client.AgentClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code slo-report --month 2026-11 --out DIR}: a month's compliance per model, per day (UTC) and for
 * the whole month, as {@code slo-2026-11.csv} and a chart, {@code slo-2026-11.png}, for the review
 * after an incident. A day or a month with no traffic reads "no data", never 100%.
 */
@Command(name = "slo-report", description = "Write a month's SLO compliance per model as CSV and a PNG chart.")
public final class SloReport extends Cli.AgentCommand {

    static final String NO_DATA = "no data";
    private static final long DAY_MILLIS = 86_400_000L;

    @Option(names = "--month", required = true, description = "The month, as YYYY-MM (UTC).")
    String month;

    @Option(names = "--out", defaultValue = ".", description = "Folder to write the CSV and the PNG into (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    int run(AgentClient client, PrintWriter printed) throws IOException {
        YearMonth ym;
        try {
            ym = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--month '" + month + "' is not a month such as 2026-11");
        }
        long from = ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        SloHistory history = client.sloHistory(from, to, DAY_MILLIS);
        Files.createDirectories(out);
        Path csv = out.resolve("slo-" + ym + ".csv");
        Path png = out.resolve("slo-" + ym + ".png");
        Files.writeString(csv, csv(history, ym), StandardCharsets.UTF_8);
        SloChart.write(history, "Availability per day, " + ym + " (dashed: objective)", png);
        printed.println("wrote " + csv + " and " + png);
        return Cli.OK;
    }

    /** One line per model and day with traffic, then one per model for the whole month. */
    static String csv(SloHistory history, YearMonth ym) {
        StringBuilder csv = new StringBuilder("model,period,requests,good,availability,availability_objective,timed,fast,"
                + "latency_compliance,latency_objective,latency_threshold_ms\n");
        Map<String, SloHistory.Objective> objectives = new TreeMap<>();
        history.objectives().forEach(o -> objectives.put(o.model(), o));
        Map<String, List<SloBucket>> byModel = new TreeMap<>();
        objectives.keySet().forEach(m -> byModel.put(m, new ArrayList<>()));
        history.buckets().forEach(b -> byModel.computeIfAbsent(b.model(), m -> new ArrayList<>()).add(b));
        byModel.forEach((model, days) -> {
            SloHistory.Objective o = objectives.get(model);
            long total = 0, good = 0, timed = 0, fast = 0;
            for (SloBucket b : days) {
                line(csv, model, java.time.Instant.ofEpochMilli(b.startMillis()).atZone(ZoneOffset.UTC).toLocalDate().toString(),
                        b, o);
                total += b.total();
                good += b.good();
                timed += b.timed();
                fast += b.fast();
            }
            line(csv, model, ym.toString(), new SloBucket(history.fromMillis(), model, total, good, timed, fast), o);
        });
        return csv.toString();
    }

    private static void line(StringBuilder csv, String model, String period, SloBucket b, SloHistory.Objective o) {
        csv.append(model).append(',').append(period).append(',').append(b.total()).append(',').append(b.good()).append(',')
                .append(share(b.availability())).append(',').append(o == null ? "" : share(o.availability())).append(',')
                .append(b.timed()).append(',').append(b.fast()).append(',').append(share(b.latency())).append(',')
                .append(o == null ? "" : share(o.latency())).append(',').append(o == null ? "" : o.latencyThresholdMillis())
                .append('\n');
    }

    private static String share(Double share) {
        return share == null ? NO_DATA : String.format(Locale.ROOT, "%.5f", share);
    }
}
