package dev.firebreak.node.http;

import java.util.Map;

/**
 * Thrown by a handler to answer with an error status and an {@link ApiError} body.
 *
 * @param headers extra response headers, such as {@code Retry-After} or {@code WWW-Authenticate}
 */
public final class HttpError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public HttpError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public HttpError(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static HttpError badRequest(String code, String message) {
        return new HttpError(400, code, message);
    }

    public static HttpError unauthorized(String message) {
        return new HttpError(401, "unauthorized", message, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static HttpError forbidden(String message) {
        return new HttpError(403, "forbidden", message);
    }
}
