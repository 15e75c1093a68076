package dev.firebreak.agent.engines;

import dev.firebreak.agent.engines.PrometheusText.Exposition;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The text format as the Prometheus exposition-format documentation gives it, and histogram_quantile as PromQL computes it. */
class PrometheusTextTest {

    @Test
    void shouldReadEscapedLabelsTimestampsAndSpecialValues() {
        Exposition e = PrometheusText.parse("""
                # HELP msdos_file_access_time_seconds The time.
                # TYPE msdos_file_access_time_seconds gauge
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05",} 24054
                not_a_number NaN
                """);

        assertThat(e.problems()).isEmpty();
        assertThat(e.named("msdos_file_access_time_seconds").getFirst().labels())
                .containsEntry("path", "C:\\DIR\\FILE.TXT").containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
        assertThat(e.named("msdos_file_access_time_seconds").getFirst().value()).isEqualTo(1.458255915e9);
        assertThat(e.named("something_weird").getFirst().value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(e.named("not_a_number").getFirst().value()).isNaN();
        assertThat(e.typeOf("http_request_duration_seconds_bucket")).isEqualTo("histogram");
        assertThat(e.named("http_request_duration_seconds_bucket").getFirst().labels()).isEqualTo(Map.of("le", "0.05"));
    }

    @Test
    void shouldNameEachLineItCannotRead() {
        Exposition e = PrometheusText.parse("ok 1\n{nolabel=\"x\"} 2\nbad{a=\"unclosed} 3\nbad{a=\"x\"} 1 2 3\n# TYPE x maybe\n");

        assertThat(e.samples()).hasSize(1);
        assertThat(e.problems()).hasSize(4).anyMatch(p -> p.startsWith("line 2: no metric name"))
                .anyMatch(p -> p.startsWith("line 3:")).anyMatch(p -> p.contains("more than a value"))
                .anyMatch(p -> p.contains("unknown metric type 'maybe'"));
    }

    @Test
    void shouldInterpolateInsideTheBucketAsHistogramQuantileDoes() {
        TreeMap<Double, Double> buckets = new TreeMap<>(Map.of(0.1, 10.0, 0.5, 30.0, 1.0, 40.0, Double.POSITIVE_INFINITY, 40.0));
        Buckets b = new Buckets(buckets);

        assertThat(b.quantile(0.25)).isCloseTo(0.1, within(1e-12));           // rank 10: the top of the first bucket
        assertThat(b.quantile(0.5)).isCloseTo(0.1 + 0.4 * 10 / 20, within(1e-12));
        assertThat(b.quantile(0.9)).isCloseTo(0.5 + 0.5 * 6 / 10, within(1e-12));
        assertThat(b.quantile(0.1)).isCloseTo(0.1 * 4 / 10, within(1e-12));   // the first bucket starts at 0
    }

    @Test
    void shouldAnswerTheHighestFiniteBoundWhenTheRankFallsInTheInfBucket() {
        Buckets b = new Buckets(new TreeMap<>(Map.of(1.0, 1.0, Double.POSITIVE_INFINITY, 10.0)));
        assertThat(b.quantile(0.99)).isEqualTo(1.0);
    }
}
