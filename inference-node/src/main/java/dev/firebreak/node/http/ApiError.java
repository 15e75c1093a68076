package dev.firebreak.node.http;

/**
 * The body of every error answer: a machine-readable {@code error} code and a {@code message} for a person.
 */
public record ApiError(String error, String message) {
}
