package dev.firebreak.node.api;

/** Body of {@code POST /control/drain}; a missing deadline means {@link DrainDeadline#DEFAULT}. */
public record DrainRequest(Long deadlineSeconds) {

    public static DrainRequest of(DrainDeadline deadline) {
        return new DrainRequest(deadline.seconds());
    }

    /** @throws IllegalArgumentException when the deadline is out of {@link DrainDeadline}'s bounds */
    public DrainDeadline deadline() {
        return DrainDeadline.ofSeconds(deadlineSeconds);
    }
}
