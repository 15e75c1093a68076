package dev.firebreak.agent.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.testing.Tools;
import dev.firebreak.node.http.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Debian's Alertmanager as a child process: its own config and storage in a folder, a free loopback port, no cluster. */
public final class RealAlertmanager implements AutoCloseable {

    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String url;

    private RealAlertmanager(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static RealAlertmanager start(Path dir) throws IOException {
        Path binary = Tools.require("prometheus-alertmanager", "prometheus-alertmanager");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: nobody
                  group_wait: 1s
                receivers:
                  - name: nobody
                """);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        RealAlertmanager alertmanager = new RealAlertmanager(process, "http://127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
                }
                try (Response r = HTTP.newCall(new Request.Builder().url(alertmanager.url + "/-/ready").build()).execute()) {
                    return r.code() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException | Error e) {
            alertmanager.close();
            throw e;
        }
        return alertmanager;
    }

    public String url() {
        return url;
    }

    /** Every alert it holds now, as {@code GET /api/v2/alerts} lists them. */
    public List<JsonNode> alerts() throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(url + "/api/v2/alerts").build()).execute()) {
            List<JsonNode> found = new ArrayList<>();
            Json.mapper().readTree(r.body().string()).forEach(found::add);
            return found;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
