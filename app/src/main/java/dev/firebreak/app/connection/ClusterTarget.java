package dev.firebreak.app.connection;

/** What one tab of the console watches: an agent, or a local cluster the console starts itself. */
public sealed interface ClusterTarget {

    /** A short name for the tab until the agent says its cluster's name. */
    String label();

    /** A local cluster of {@code nodes} nodes and an agent, child processes of the console, with a traffic generator. */
    record Local(int nodes) implements ClusterTarget {
        public Local {
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("a local cluster has 1-16 nodes, got " + nodes);
            }
        }

        @Override
        public String label() {
            return "local";
        }
    }

    /**
     * An agent somewhere, reached at {@code url} with {@code token}; {@code url} may list the
     * replicas of one agent, {@code URL,URL,...}, to fail over between.
     */
    record Agent(String url, String token) implements ClusterTarget {
        public Agent {
            if (url == null) {
                throw new IllegalArgumentException("an agent URL starts with http:// or https://, got 'null'");
            }
            url = dev.firebreak.agent.client.Replicas.parse(url).toString();
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("the agent " + url + " needs a token");
            }
        }

        @Override
        public String label() {
            return java.net.URI.create(replicas().current()).getHost();
        }

        /** The replicas {@code url} lists, the first one current. */
        public dev.firebreak.agent.client.Replicas replicas() {
            return dev.firebreak.agent.client.Replicas.parse(url);
        }

        @Override
        public String toString() {
            return "Agent[url=" + url + "]";
        }
    }
}
