package dev.firebreak.app.connection;

/** The state of the console's link to its agent. */
public sealed interface Link {

    /** The console is starting its own local cluster. */
    record StartingLocalCluster(int nodes) implements Link {
    }

    /** Opening the stream, not yet answered. */
    record Connecting(String agentUrl) implements Link {
    }

    /**
     * The stream is open on {@code agentUrl}, one of {@code replicas} (the agent replicas the console
     * was given; the console moves on to the next when this one drops).
     */
    record Connected(String agentUrl, java.util.List<String> replicas) implements Link {
        public Connected {
            replicas = java.util.List.copyOf(replicas);
        }

        /** Connected to an agent that was given alone. */
        public Connected(String agentUrl) {
            this(agentUrl, java.util.List.of(agentUrl));
        }

        /** "replica 2 of 3", or empty for an agent given alone. */
        public String replicaLabel() {
            return replicas.size() < 2 ? "" : " (replica " + (replicas.indexOf(agentUrl) + 1) + " of " + replicas.size() + ")";
        }
    }

    /** The stream broke at {@code sinceMillis} and has not come back; the console keeps retrying. */
    record Disconnected(String agentUrl, String reason, long sinceMillis) implements Link {
    }

    /** Nothing to connect to: the local cluster could not start. */
    record Failed(String reason) implements Link {
    }
}
