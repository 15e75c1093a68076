package dev.firebreak.lab.simulator;

import java.util.Locale;

/**
 * Writes Prometheus text exposition (0.0.4) the way an engine's client library does: a
 * {@code # TYPE} line per family, then its samples. Written here rather than through the Prometheus
 * Java client because the simulator impersonates other engines' exact wire text (vLLM's colon names,
 * its {@code cache_config_info} info gauge, llama.cpp's unlabelled series), a thousand times a second.
 */
final class MetricsText {

    private final StringBuilder out = new StringBuilder(8192);

    void type(String family, String type) {
        out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
    }

    /** One sample; {@code labels} alternate name and value, already safe (model names are checked on the way in). */
    void sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
            }
            out.append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value).append(".0");
        } else {
            out.append(String.format(Locale.ROOT, "%.6g", value));
        }
        out.append('\n');
    }

    /** A histogram family's buckets, sum and count; {@code labels} as in {@link #sample}, {@code le} added to the buckets. */
    void histogram(String family, LatencyBuckets buckets, String... labels) {
        String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        for (int i = 0; i < LatencyBuckets.BOUNDS.length; i++) {
            withLe[labels.length + 1] = Double.toString(LatencyBuckets.BOUNDS[i]);
            sample(family + "_bucket", buckets.cumulative(i), withLe);
        }
        withLe[labels.length + 1] = "+Inf";
        long count = buckets.count();
        sample(family + "_bucket", count, withLe);
        sample(family + "_sum", buckets.sum(), labels);
        sample(family + "_count", count, labels);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
