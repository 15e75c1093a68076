package dev.firebreak.agent.gateway;

/** One model on one node: the unit the gateway counts answers by. */
record NodeModel(String node, String model) {
}
