package dev.firebreak.agent.discovery;

import dev.firebreak.agent.config.NodeConfig;

/** The agent's set of watched nodes, as discovery changes it. */
public interface WatchSet {

    /** Starts watching (scraping, routing to) a node; false if a node with its id is already watched. */
    boolean watch(NodeConfig node);

    /** Stops watching a node, saying why. */
    void unwatch(String nodeId, String why);
}
