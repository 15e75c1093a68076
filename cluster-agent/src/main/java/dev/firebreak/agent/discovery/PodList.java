package dev.firebreak.agent.discovery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** The fields of a Kubernetes {@code PodList} that discovery reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PodList(List<Pod> items) {

    PodList {
        items = items == null ? List.of() : items;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pod(Metadata metadata, Status status) {

        /** Running, with an IP, and not being deleted: a pod that can serve. */
        boolean serving() {
            return metadata != null && metadata.name() != null && metadata.deletionTimestamp() == null
                    && status != null && "Running".equals(status.phase())
                    && status.podIP() != null && !status.podIP().isBlank();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metadata(String name, String namespace, String deletionTimestamp, Map<String, String> labels,
                    Map<String, String> annotations) {

        Metadata {
            labels = labels == null ? Map.of() : labels;
            annotations = annotations == null ? Map.of() : annotations;
        }

        /** The value of a label, or else of an annotation, named {@code key}; {@code null} when neither is set. */
        String labelOrAnnotation(String key) {
            return labels.containsKey(key) ? labels.get(key) : annotations.get(key);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String phase, String podIP) {
    }
}
