package dev.firebreak.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes requests by method and exact path to handlers, and turns what they throw into JSON errors:
 * {@link HttpError} as itself, anything else as 500. Unknown paths get 404, known paths with
 * another method 405.
 */
public final class Router implements HttpHandler {

    /** A request handler that may throw {@link HttpError}. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final Map<String, Map<String, Handler>> routes = new LinkedHashMap<>();

    public Router get(String path, Handler handler) {
        return add("GET", path, handler);
    }

    public Router post(String path, Handler handler) {
        return add("POST", path, handler);
    }

    private Router add(String method, String path, Handler handler) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange).handle(exchange);
        } catch (HttpError e) {
            Exchanges.error(exchange, e);
        } catch (IOException e) {
            // The client went away mid-answer; nothing left to tell it.
            LOG.log(System.Logger.Level.DEBUG, "client gone during {0} {1}: {2}",
                    exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "handler failed for " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI(), e);
            Exchanges.error(exchange, new HttpError(500, "internal_error", "internal error: " + e));
        }
    }

    private Handler route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        Map<String, Handler> byMethod = routes.get(path);
        if (byMethod == null) {
            throw new HttpError(404, "not_found", "no such endpoint: " + path);
        }
        String method = exchange.getRequestMethod();
        Handler handler = byMethod.get(method.equals("HEAD") ? "GET" : method);
        if (handler == null) {
            List<String> allowed = new ArrayList<>(byMethod.keySet());
            throw new HttpError(405, "method_not_allowed", method + " is not allowed on " + path
                    + "; use " + String.join(", ", allowed), Map.of("Allow", String.join(", ", allowed)));
        }
        return handler;
    }
}
