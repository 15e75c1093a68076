package dev.firebreak.agent.discovery;

/** PodList JSON as the Kubernetes API serves it (trimmed to what matters, plus noise it ignores). */
final class Pods {

    private Pods() {
    }

    static String running(String name, String ip) {
        return pod(name, "Running", ip, null);
    }

    static String pod(String name, String phase, String ip, String deletionTimestamp) {
        return """
                {"metadata": {"name": "%s", "namespace": "inference", "uid": "u-%s", "labels": {"app": "firebreak-node"}%s},
                 "spec": {"containers": [{"name": "node", "image": "firebreak-node:0.1.0"}]},
                 "status": {"phase": "%s"%s, "conditions": [{"type": "Ready", "status": "True"}]}}"""
                .formatted(name, name, deletionTimestamp == null ? "" : ", \"deletionTimestamp\": \"" + deletionTimestamp + "\"",
                        phase, ip == null ? "" : ", \"podIP\": \"" + ip + "\"");
    }

    static String list(String... pods) {
        return """
                {"kind": "PodList", "apiVersion": "v1", "metadata": {"resourceVersion": "4711"}, "items": [%s]}"""
                .formatted(String.join(",", pods));
    }
}
