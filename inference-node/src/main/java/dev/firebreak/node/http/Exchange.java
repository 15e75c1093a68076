package dev.firebreak.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * One request and its answer, for a handler that runs on its own virtual thread and may block.
 * Answers are written whole ({@link #json}, {@link #send}) or as a stream ({@link #stream}).
 */
public final class Exchange {

    private final Request request;
    private final Response response;
    private Fields query;
    private ClientWatch watch;

    Exchange(Request request, Response response) {
        this.request = request;
        this.response = response;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    /** The first value of request header {@code name}, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Query parameter {@code limit}: {@code fallback} when absent, 400 {@code invalid_limit} unless 1 to {@code max}. */
    public int limitParam(int fallback, int max) {
        return queryParam("limit").map(text -> {
            try {
                int limit = Integer.parseInt(text);
                if (limit >= 1 && limit <= max) {
                    return limit;
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw HttpError.badRequest("invalid_limit", "limit must be 1-" + max + ", got '" + text + "'");
        }).orElse(fallback);
    }

    /** The decoded value of query parameter {@code name}, if present. */
    public Optional<String> queryParam(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return Optional.ofNullable(query.getValue(name));
    }

    /** The client's IP address, as the server sees it (for the audit). */
    public String remoteHost() {
        SocketAddress address = request.getConnectionMetaData().getRemoteSocketAddress();
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    /** The client's address and port, as the server sees them. */
    public String remoteAddress() {
        SocketAddress address = request.getConnectionMetaData().getRemoteSocketAddress();
        return address instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort()
                : String.valueOf(address);
    }

    /** Sets a response header; call before the answer starts. */
    public Exchange setHeader(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    /** The request body, refused with 413 when over {@code maxBytes} (before reading it whole when it says its length). */
    public byte[] body(int maxBytes) throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // The length is known: one array of that size, no growing chunks and no copy.
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        }
    }

    /** Reads the request body as JSON into {@code type}; an empty body gives {@code fallback}. */
    public <T> T readJson(Class<T> type, T fallback, int maxBytes) throws IOException {
        byte[] body = body(maxBytes);
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

    /** Answers with {@code body} as JSON. */
    public void json(int status, Object body) throws IOException {
        send(status, "application/json; charset=utf-8", Json.mapper().writeValueAsBytes(body));
    }

    /** Answers with {@code body} whole, its length known. */
    public void send(int status, String contentType, byte[] body) throws IOException {
        stopWatching();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (OutputStream whole = Content.Sink.asOutputStream(response)) {
            if (!method().equals("HEAD")) {
                whole.write(body);
            }
        }
    }

    /**
     * Starts a streamed answer (chunked); each {@code flush()} sends what was written. Closing the
     * stream ends the answer: call {@link ClientWatch#stop()} first if the client is watched.
     */
    public OutputStream stream(int status, String contentType) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        OutputStream out = Content.Sink.asOutputStream(response);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                stopWatching();
                out.close();
            }
        };
    }

    /**
     * Calls {@code onGone} when the client closes its connection before the answer is complete, for
     * a handler that computes for a while; the watch ends when the answer is written.
     */
    public ClientWatch watchClient(Runnable onGone) {
        if (watch != null) {
            throw new IllegalStateException("the client of " + path() + " is already watched");
        }
        ClientWatch started = ClientWatch.start(request.getConnectionMetaData().getConnection().getEndPoint(), onGone);
        request.addIdleTimeoutListener(timeout -> started.onIdleTimeout());
        watch = started;
        return watch;
    }

    /** True once the answer's status and headers went out. */
    boolean committed() {
        return response.isCommitted();
    }

    /** After the handler: stops a watch it left running, and says whether the connection must close. */
    boolean finish() {
        stopWatching();
        return watch != null && watch.readAhead();
    }

    private void stopWatching() {
        if (watch != null) {
            watch.stop();
            if (watch.readAhead() && !response.isCommitted()) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
        }
    }

    Response response() {
        return response;
    }

    private static HttpError tooLarge(int maxBytes) {
        return new HttpError(413, "body_too_large", "request body over " + maxBytes + " bytes");
    }
}
