package dev.firebreak.node.openai;

import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.http.Router;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Errors of the OpenAI-compatible routes (node and gateway), in OpenAI's shape: {@code {"error": {message, type, param, code}}}. */
public final class OpenAiErrors {

    /** The error object inside the body. */
    public record Detail(String message, String type, String param, String code) {
    }

    public record Body(Detail error) {
    }

    private OpenAiErrors() {
    }

    public static Body body(int status, String code, String message, String param) {
        return new Body(new Detail(message, type(status), param, code));
    }

    /** 404 {@code model_not_found}, as OpenAI answers it (its SDKs raise NotFoundError and do not retry). */
    public static HttpError modelNotFound(String model, List<String> served) {
        return new HttpError(404, "model_not_found", "the model '" + model + "' does not exist here; models: " + served);
    }

    static String type(int status) {
        return switch (status) {
            case 400, 404, 413, 422 -> "invalid_request_error";
            case 401, 403 -> "authentication_error";
            case 429 -> "rate_limit_error";
            default -> "server_error";
        };
    }

    /** Wraps a handler so its {@link HttpError}s are answered in OpenAI's shape and counted in {@code rejections}. */
    public static Router.Handler wrap(Router.Handler handler, RejectionCounts rejections) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (InvalidParam e) {
                rejections.count(400, e.code);
                write(exchange, 400, e.code, e.getMessage(), e.param, Map.of());
            } catch (HttpError e) {
                rejections.count(e.status(), e.code());
                write(exchange, e.status(), e.code(), e.getMessage(), null, e.headers());
            }
        };
    }

    private static void write(Exchange exchange, int status, String code, String message, String param,
                              Map<String, String> headers) throws IOException {
        headers.forEach(exchange::setHeader);
        exchange.json(status, body(status, code, message, param));
    }

    /** A request parameter is wrong: 400 naming the parameter. */
    public static final class InvalidParam extends RuntimeException {
        final String param;
        final String code;

        public InvalidParam(String param, String code, String message) {
            super(message);
            this.param = param;
            this.code = code;
        }
    }
}
