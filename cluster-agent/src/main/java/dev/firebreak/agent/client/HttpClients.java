package dev.firebreak.agent.client;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.util.concurrent.TimeUnit;

/**
 * The one OkHttp set-up every Firebreak client starts from. Idle connections are dropped after
 * 20 s, before the JDK HTTP server's 30 s idle timeout: reusing a connection the server has
 * already given up on was seen to hang a request until another connection woke the server.
 */
public final class HttpClients {

    private static final long KEEP_ALIVE_SECONDS = 20;

    private HttpClients() {
    }

    /** A new client builder with the shared connection policy. */
    public static OkHttpClient.Builder builder() {
        return new OkHttpClient.Builder().connectionPool(new ConnectionPool(16, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS));
    }
}
