package dev.firebreak.agent.config;


/**
 * Where the agent finds nodes besides its {@code nodes} list. Only Kubernetes so far: the pods
 * of a namespace that match a label selector. Absent = the static list only.
 */
public record DiscoveryConfig(Kubernetes kubernetes) {

    /** The in-cluster API server and the files of the pod's service account. */
    public static final String IN_CLUSTER_API = "https://kubernetes.default.svc";
    public static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static DiscoveryConfig none() {
        return new DiscoveryConfig(null);
    }

    /**
     * Nodes are the running pods of {@code namespace} matching {@code labelSelector}, reached at
     * {@code scheme://podIP:port}, listed every {@code intervalMillis}. All of them take
     * {@code controlToken} for their control endpoint. {@code apiUrl}, {@code tokenFile} and
     * {@code caFile} default to the in-cluster API server and the pod's service account.
     */
    public record Kubernetes(String apiUrl, String namespace, String labelSelector, Integer port, String scheme,
                             String controlToken, Long intervalMillis, String tokenFile, String caFile) {

        public Kubernetes {
            apiUrl = apiUrl == null || apiUrl.isBlank() ? IN_CLUSTER_API : apiUrl.replaceAll("/+$", "");
            port = port == null ? 8100 : port;
            scheme = scheme == null ? "http" : scheme;
            intervalMillis = intervalMillis == null ? 5000 : intervalMillis;
            tokenFile = tokenFile == null ? SERVICE_ACCOUNT + "/token" : tokenFile;
            caFile = caFile == null ? SERVICE_ACCOUNT + "/ca.crt" : caFile;
            if (!NodeConfig.isHttpUrl(apiUrl)) {
                throw new IllegalArgumentException("discovery.kubernetes.apiUrl '" + apiUrl + "' must be http(s)://host[:port]");
            }
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("discovery.kubernetes.namespace is missing (the namespace of the node pods)");
            }
            if (labelSelector == null || labelSelector.isBlank()) {
                throw new IllegalArgumentException(
                        "discovery.kubernetes.labelSelector is missing (e.g. app.kubernetes.io/name=firebreak-node)");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("discovery.kubernetes.port must be 1-65535, got " + port);
            }
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("discovery.kubernetes.scheme must be http or https, got '" + scheme + "'");
            }
            if (controlToken == null || controlToken.isBlank()) {
                throw new IllegalArgumentException(
                        "discovery.kubernetes.controlToken is missing (the nodes' FIREBREAK_CONTROL_TOKEN)");
            }
            if (intervalMillis < 1000 || intervalMillis > 600_000) {
                throw new IllegalArgumentException("discovery.kubernetes.intervalMillis must be 1000-600000, got " + intervalMillis);
            }
        }

        @Override
        public String toString() {
            return "Kubernetes[apiUrl=" + apiUrl + ", namespace=" + namespace + ", labelSelector=" + labelSelector
                    + ", port=" + port + ", scheme=" + scheme + "]";
        }
    }
}
