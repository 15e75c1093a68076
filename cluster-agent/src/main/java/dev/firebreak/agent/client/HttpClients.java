package dev.firebreak.agent.client;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.util.concurrent.TimeUnit;

/**
 * The one OkHttp set-up every Firebreak client starts from. Idle connections are dropped after
 * 20 s, before the servers' own idle timeout (30 s by default), so that a request is never sent on
 * a connection the server is closing at that moment.
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
