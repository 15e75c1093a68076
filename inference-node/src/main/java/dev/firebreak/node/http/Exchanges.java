package dev.firebreak.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Reading requests and writing JSON answers on the JDK's HTTP server. */
public final class Exchanges {

    private Exchanges() {
    }

    /** Writes {@code body} as JSON with the given status and closes the exchange. */
    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /** Answers with the status, headers and body that {@code error} names. */
    public static void error(HttpExchange exchange, HttpError error) throws IOException {
        error.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        json(exchange, error.status(), new ApiError(error.code(), error.getMessage()));
    }

    /**
     * Reads the request body as JSON into {@code type}; an empty body gives {@code fallback}.
     * Refuses bodies over {@code maxBytes} before reading them whole (413).
     */
    public static <T> T readJson(HttpExchange exchange, Class<T> type, T fallback, int maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLong(declared).orElse(0L) > maxBytes) {
            throw new HttpError(413, "body_too_large", "request body over " + maxBytes + " bytes");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            throw new HttpError(413, "body_too_large", "request body over " + maxBytes + " bytes");
        }
        if (body.length == 0) {
            return fallback;
        }
        try {
            return Json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("invalid_json", "request body is not valid JSON for "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** The value of query parameter {@code name}, if present (no percent-decoding beyond the JDK's). */
    public static Optional<String> queryParam(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
