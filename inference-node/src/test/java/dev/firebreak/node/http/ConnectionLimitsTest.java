package dev.firebreak.node.http;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow and greedy clients are cut off by the server's connection limits while others are served:
 * slowloris clients (a header byte every 200 ms, so no idle timeout ever fires) by the header
 * timeout, idle kept-alive connections by the idle timeout, and a client address over its cap at once.
 */
class ConnectionLimitsTest {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1500);
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private WebServer server;

    @AfterEach
    void stop() throws IOException {
        trickle.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(HttpSettings.Limits limits) throws IOException {
        server = WebServer.start(new HttpSettings("127.0.0.1", 0, IDLE_TIMEOUT, 0, null, limits),
                new Router().get("/health", exchange -> exchange.json(200, Map.of("status", "ok"))));
    }

    @Test
    void shouldCutOffSlowlorisAndIdleConnectionsWithinTheirTimeoutsWhileServingOthers() throws Exception {
        start(new HttpSettings.Limits(HEADER_TIMEOUT, 2000, 1000));
        List<Socket> slow = open(50);
        List<Socket> idle = open(300);
        for (Socket s : slow) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        trickle.scheduleAtFixedRate(() -> slow.forEach(s -> {
            try {
                s.getOutputStream().write('X');
            } catch (IOException e) {
                // closed by the server: what the test waits for
            }
        }), 200, 200, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();

        OkHttpClient http = new OkHttpClient();
        for (int i = 0; i < 20; i++) {
            try (Response r = http.newCall(new Request.Builder().url(server.baseUrl() + "/health").build()).execute()) {
                assertThat(r.code()).as("a normal request while 350 connections are held").isEqualTo(200);
            }
        }

        Duration margin = Duration.ofSeconds(2);
        await().atMost(HEADER_TIMEOUT.plus(margin)).pollInterval(Duration.ofMillis(100))
                .until(() -> slow.stream().allMatch(ConnectionLimitsTest::closedByServer));
        await().atMost(IDLE_TIMEOUT.plus(margin)).pollInterval(Duration.ofMillis(100))
                .until(() -> idle.stream().allMatch(ConnectionLimitsTest::closedByServer));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(IDLE_TIMEOUT.plus(margin).plus(margin));
        assertThat(server.connectionsCutOff()).as("the 50 slowloris connections, by the header timeout").isGreaterThanOrEqualTo(50);
        try (Response r = http.newCall(new Request.Builder().url(server.baseUrl() + "/health").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    @Test
    void shouldCloseAConnectionOverTheCapForItsClientAddressAtOnce() throws Exception {
        start(new HttpSettings.Limits(HEADER_TIMEOUT, 100, 5));
        List<Socket> six = open(6);

        // Whichever the server accepted sixth is closed; the order of accepts need not be the order of connects.
        await().atMost(Duration.ofSeconds(1)).until(() -> six.stream().anyMatch(ConnectionLimitsTest::closedByServer));
        assertThat(six).as("five stay open until their idle timeout").filteredOn(s -> !closedByServer(s)).hasSize(5);
        assertThat(server.connectionsCutOff()).isEqualTo(1);
    }

    @Test
    void shouldGiveBackTheCountOfConnectionsTheirClientsResetSoTheAddressIsNeverLockedOut() throws Exception {
        start(new HttpSettings.Limits(HEADER_TIMEOUT, 100, 5));
        for (int round = 0; round < 4; round++) {
            // Five clients, the cap, send half a request and reset their connections (SO_LINGER 0): an abrupt
            // end. Unless each count is given back, the address stays at its cap and every later client is cut off.
            List<Socket> five = open(5);
            for (Socket s : five) {
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                s.setSoLinger(true, 0);
                s.close();
            }
            sockets.removeAll(five);
            await().atMost(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                OkHttpClient http = new OkHttpClient();
                try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/health").build())
                        .execute()) {
                    assertThat(r.code()).isEqualTo(200);
                }
            });
        }
    }

    @Test
    void shouldRefuseLimitsThatCannotHold() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HttpSettings.Limits(Duration.ZERO, 10, 1))
                .hasMessageContaining("header timeout must be positive");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HttpSettings.Limits(HEADER_TIMEOUT, 10, 20))
                .hasMessageContaining("cannot be more than connections in all");
    }

    private List<Socket> open(int count) throws IOException {
        List<Socket> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket("127.0.0.1", server.port());
            s.setSoTimeout(50);
            opened.add(s);
            sockets.add(s);
        }
        return opened;
    }

    /** True once the server has closed the connection (end of stream or reset); false while it stays open. */
    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
                // Bytes of an error answer (408): keep reading to the end.
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
