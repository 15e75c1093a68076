package dev.firebreak.agent.engines;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reader of the Prometheus text exposition format (version 0.0.4, which vLLM, llama.cpp and
 * SGLang all serve through their Prometheus clients): {@code # TYPE} lines, samples with escaped
 * label values, NaN and infinities. A line it cannot read is skipped and named in
 * {@link Exposition#problems()}, so one bad line costs one figure, not the scrape.
 */
final class PrometheusText {

    /** Suffixes a sample of a histogram, summary or counter family carries after the family's name. */
    private static final List<String> SUFFIXES = List.of("_bucket", "_sum", "_count", "_total", "_created");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped", "info", "stateset",
            "gaugehistogram", "unknown");
    private static final int MAX_PROBLEMS = 20;

    private PrometheusText() {
    }

    /** One sample: a metric name, its labels, its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** What one {@code /metrics} body said: its samples, the declared types by family, and the lines it could not read. */
    record Exposition(List<Sample> samples, Map<String, String> types, List<String> problems,
                      Map<String, List<Sample>> byName) {

        /** An exposition of {@code samples}, indexed by name: an adapter looks up some forty names per model per scrape. */
        Exposition(List<Sample> samples, Map<String, String> types, List<String> problems) {
            this(samples, types, problems, index(samples));
        }

        private static Map<String, List<Sample>> index(List<Sample> samples) {
            Map<String, List<Sample>> byName = new HashMap<>();
            for (Sample s : samples) {
                byName.computeIfAbsent(s.name(), n -> new ArrayList<>(4)).add(s);
            }
            return byName;
        }

        /** The declared type of a sample's family ({@code counter}, {@code gauge}, {@code histogram}...), or {@code null}. */
        String typeOf(String sampleName) {
            String type = types.get(sampleName);
            if (type != null) {
                return type;
            }
            for (String suffix : SUFFIXES) {
                if (sampleName.endsWith(suffix)) {
                    type = types.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                    if (type != null) {
                        return type;
                    }
                }
            }
            return null;
        }

        /** The samples named {@code name}. */
        List<Sample> named(String name) {
            return byName.getOrDefault(name, List.of());
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }
    }

    /** Reads a whole body. */
    static Exposition parse(String body) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int lineNumber = 0;
        for (String line : body.split("\n", -1)) {
            lineNumber++;
            String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (text.isBlank()) {
                continue;
            }
            try {
                if (text.startsWith("#")) {
                    readComment(text, types);
                } else {
                    samples.add(readSample(text));
                }
            } catch (IllegalArgumentException e) {
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add("line " + lineNumber + ": " + e.getMessage() + " in '" + shorten(text) + "'");
                }
            }
        }
        return new Exposition(List.copyOf(samples), Map.copyOf(types), List.copyOf(problems));
    }

    /**
     * One copy of each metric name, label name and label value seen: the agent keeps every node's
     * recent scrapes, and at a thousand nodes their copies of "model_name", "le" and "0.25" were most
     * of its heap. Past {@value #MAX_SHARED} distinct strings (a node labelling by request id, say)
     * new ones are kept as they come.
     */
    private static String shared(String text) {
        String known = SHARED.get(text);
        if (known != null) {
            return known;
        }
        if (SHARED.size() >= MAX_SHARED) {
            return text;
        }
        known = SHARED.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    private static final int MAX_SHARED = 100_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, String> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private static void readComment(String text, Map<String, String> types) {
        String[] parts = text.substring(1).strip().split("[ \t]+", 3);
        if (parts.length >= 1 && parts[0].equals("TYPE")) {
            if (parts.length < 3 || !validName(parts[1])) {
                throw new IllegalArgumentException("a TYPE line needs a metric name and a type");
            }
            String type = parts[2].strip();
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("unknown metric type '" + type + "'");
            }
            types.put(parts[1], type);
        }
        // HELP and other comments carry nothing the agent reads.
    }

    private static Sample readSample(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && nameChar(text.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("no metric name");
        }
        String name = shared(text.substring(0, i));
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && text.charAt(i) == '{') {
            i = readLabels(text, i + 1, labels);
        }
        String rest = text.substring(i).strip();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("no value");
        }
        // By hand, not split("[ \t]+"): that compiles a pattern per sample, a hundred thousand times a second at scale.
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != '\t') {
            end++;
        }
        String timestamp = rest.substring(end).strip();
        if (timestamp.indexOf(' ') >= 0 || timestamp.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("more than a value and a timestamp after the labels");
        }
        return new Sample(name, Map.copyOf(labels), value(rest.substring(0, end)));
    }

    /** Reads {@code key="value",...}} from {@code i} (just after the brace); returns the index after the closing brace. */
    private static int readLabels(String text, int i, Map<String, String> labels) {
        int n = text.length();
        while (true) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i < n && text.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < n && nameChar(text.charAt(i), i == start) && text.charAt(i) != ':') {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("a label without a name");
            }
            String key = text.substring(start, i);
            if (i + 1 >= n || text.charAt(i) != '=' || text.charAt(i + 1) != '"') {
                throw new IllegalArgumentException("label " + key + " is not followed by =\"");
            }
            i += 2;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (i >= n) {
                    throw new IllegalArgumentException("label " + key + " has no closing quote");
                }
                char c = text.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= n) {
                        throw new IllegalArgumentException("label " + key + " ends in a backslash");
                    }
                    char escaped = text.charAt(i++);
                    value.append(switch (escaped) {
                        case 'n' -> '\n';
                        case '\\' -> '\\';
                        case '"' -> '"';
                        default -> throw new IllegalArgumentException("label " + key + " has an unknown escape \\" + escaped);
                    });
                } else {
                    value.append(c);
                }
            }
            if (labels.put(shared(key), shared(value.toString())) != null) {
                throw new IllegalArgumentException("label " + key + " given twice");
            }
            if (i < n && text.charAt(i) == ',') {
                i++;
            } else if (i >= n || text.charAt(i) != '}') {
                throw new IllegalArgumentException("labels are not closed by }");
            }
        }
    }

    private static double value(String field) {
        return switch (field) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(field);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("value '" + shorten(field) + "' is not a number");
                }
            }
        };
    }

    private static boolean nameChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || !first && c >= '0' && c <= '9';
    }

    private static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!nameChar(name.charAt(i), i == 0)) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
