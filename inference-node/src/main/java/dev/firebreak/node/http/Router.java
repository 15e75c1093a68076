package dev.firebreak.node.http;

import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes requests by method and exact path to blocking handlers, each on a virtual thread, and turns
 * what they throw into JSON errors: {@link HttpError} as itself, anything else as 500. Unknown paths
 * get 404, known paths with another method 405.
 */
public final class Router extends Handler.Abstract {

    /** A request handler that may throw {@link HttpError}. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final Map<String, Map<String, Handler>> routes = new LinkedHashMap<>();

    public Router() {
        super(InvocationType.BLOCKING);
    }

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
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response);
        try {
            route(exchange).handle(exchange);
        } catch (HttpError e) {
            answerError(exchange, e, callback);
            return true;
        } catch (IOException e) {
            // The client went away mid-answer; nothing left to tell it.
            LOG.log(System.Logger.Level.DEBUG, "client gone during {0} {1}: {2}",
                    exchange.method(), exchange.path(), e.toString());
            exchange.finish();
            // Jetty's quiet kind of failure: the connection is aborted without an error answer or a warning.
            callback.failed(e instanceof EofException ? e : new EofException(e));
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "handler failed for " + exchange.method() + " " + exchange.path(), e);
            answerError(exchange, new HttpError(500, "internal_error", "internal error"), callback);
            return true;
        }
        boolean close = exchange.finish();
        callback.succeeded();
        if (close) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
        }
        return true;
    }

    private static void answerError(Exchange exchange, HttpError error, Callback callback) {
        exchange.finish();
        if (exchange.committed()) {
            // Too late for a status: cut the answer so the client cannot take it for complete.
            callback.failed(error);
            return;
        }
        try {
            error.headers().forEach(exchange::setHeader);
            exchange.json(error.status(), new ApiError(error.code(), error.getMessage()));
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private Handler route(Exchange exchange) {
        String path = exchange.path();
        Map<String, Handler> byMethod = routes.get(path);
        if (byMethod == null) {
            throw new HttpError(404, "not_found", "no such endpoint: " + path);
        }
        String method = exchange.method();
        Handler handler = byMethod.get(method.equals("HEAD") ? "GET" : method);
        if (handler == null) {
            List<String> allowed = new ArrayList<>(byMethod.keySet());
            throw new HttpError(405, "method_not_allowed", method + " is not allowed on " + path
                    + "; use " + String.join(", ", allowed), Map.of("Allow", String.join(", ", allowed)));
        }
        return handler;
    }
}
