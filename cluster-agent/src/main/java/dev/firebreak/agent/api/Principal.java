package dev.firebreak.agent.api;

/** Who made a request, by the name of their token, and the role it carries. */
public record Principal(String name, Role role) {
}
