package dev.firebreak.agent.engines;

import dev.firebreak.agent.engines.PrometheusText.Exposition;
import dev.firebreak.agent.engines.PrometheusText.Sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads typed figures out of one exposition for one model's series, checking what the engine's
 * documentation promises: the declared type, a finite value, no negative gauge or counter. A
 * figure that breaks one is dropped and the reason added to the scrape's findings.
 */
final class MetricReader {

    private final Exposition exposition;
    private final List<String> findings;

    MetricReader(Exposition exposition, List<String> findings) {
        this.exposition = exposition;
        this.findings = findings;
    }

    Exposition exposition() {
        return exposition;
    }

    /** True when some series of {@code name} is in the exposition, whatever its labels. */
    boolean has(String name) {
        return exposition.has(name);
    }

    /** The gauge {@code name} of the series matching {@code match}, or {@code null} if absent or dropped. */
    Double gauge(String name, Map<String, String> match) {
        return summed(name, "gauge", match);
    }

    /** The counter {@code name} summed over the series matching {@code match}, or {@code null}. */
    Double counter(String name, Map<String, String> match) {
        return summed(name, "counter", match);
    }

    /** The counter {@code name} split by the value of {@code label}, or {@code null} if absent or dropped. */
    Map<String, Double> counterBy(String name, String label, Map<String, String> match) {
        List<Sample> series = matching(name, match);
        if (series.isEmpty() || !typed(name, name, "counter")) {
            return null;
        }
        Map<String, Double> by = new LinkedHashMap<>();
        for (Sample s : series) {
            if (!valid(name, s)) {
                return null;
            }
            by.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum);
        }
        return by;
    }

    /** The histogram {@code name} (its {@code _bucket} series) for the series matching {@code match}, or {@code null}. */
    Buckets histogram(String name, Map<String, String> match) {
        String bucket = name + "_bucket";
        List<Sample> series = matching(bucket, match);
        if (series.isEmpty() || !typed(bucket, name, "histogram")) {
            return null;
        }
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (Sample s : series) {
            String le = s.labels().get("le");
            double bound;
            try {
                bound = le == null ? Double.NaN : le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            } catch (NumberFormatException e) {
                bound = Double.NaN;
            }
            if (Double.isNaN(bound)) {
                findings.add(name + ": a bucket has no readable le label ('" + le + "'): histogram dropped");
                return null;
            }
            if (!valid(name, s)) {
                return null;
            }
            cumulative.merge(bound, s.value(), Double::sum);
        }
        return new Buckets(cumulative);
    }

    /** The series of {@code name} matching {@code match}, summed (one series per model, or one per engine replica). */
    private Double summed(String name, String type, Map<String, String> match) {
        List<Sample> series = matching(name, match);
        if (series.isEmpty() || !typed(name, name, type)) {
            return null;
        }
        double sum = 0;
        for (Sample s : series) {
            if (!valid(name, s)) {
                return null;
            }
            sum += s.value();
        }
        return sum;
    }

    private List<Sample> matching(String name, Map<String, String> match) {
        return exposition.named(name).stream()
                .filter(s -> match.entrySet().stream().allMatch(m -> m.getValue().equals(s.labels().get(m.getKey()))))
                .toList();
    }

    /** Checks the declared type; an undeclared family is read as the documentation says it is. */
    private boolean typed(String sampleName, String family, String expected) {
        String declared = exposition.typeOf(sampleName);
        if (declared == null || declared.equals(expected) || declared.equals("untyped") || declared.equals("unknown")) {
            return true;
        }
        findings.add(family + " is declared " + declared + ", not " + expected + " as documented: dropped");
        return false;
    }

    private boolean valid(String name, Sample s) {
        if (!Double.isFinite(s.value()) || s.value() < 0) {
            findings.add(name + labels(s) + " is " + s.value() + ", not a count or share: dropped");
            return false;
        }
        return true;
    }

    private static String labels(Sample s) {
        return s.labels().isEmpty() ? "" : s.labels().toString();
    }
}
