package dev.firebreak.lab.scale;

import dev.firebreak.agent.stream.EventHub;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the agent's live stream costs a console: a raw reader of {@code /api/v1/stream} that counts
 * the bytes and the state events it receives, and the size of the whole state ({@code GET
 * /api/v1/cluster}) for comparison.
 */
final class StreamBytes implements AutoCloseable {

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong stateEvents = new AtomicLong();
    private final Call call;
    private final Response response;
    private final Thread reader;

    private StreamBytes(Call call, Response response) {
        this.call = call;
        this.response = response;
        this.reader = Thread.ofPlatform().daemon().name("stream-bytes").start(this::read);
    }

    static StreamBytes open(String agentUrl, String token) throws IOException {
        Request request = new Request.Builder().url(agentUrl + "/api/v1/stream").header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build();
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
        Call call = http.newCall(request);
        Response response = call.execute();
        if (response.code() != 200) {
            response.close();
            throw new IOException("the agent's stream answered " + response.code());
        }
        return new StreamBytes(call, response);
    }

    /** The bytes of the whole state as {@code GET /api/v1/cluster} gives it. */
    static long wholeStateBytes(String agentUrl, String token) throws IOException {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
        try (Response response = http.newCall(new Request.Builder().url(agentUrl + "/api/v1/cluster")
                .header("Authorization", "Bearer " + token).build()).execute()) {
            return response.body().bytes().length;
        }
    }

    private void read() {
        try (response) {
            BufferedSource source = response.body().source();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                bytes.addAndGet(line.getBytes(StandardCharsets.UTF_8).length + 1);
                if (line.equals("event: " + EventHub.SNAPSHOT) || line.equals("event: " + EventHub.DELTA)) {
                    stateEvents.incrementAndGet();
                }
            }
        } catch (IOException | IllegalStateException e) {
            // closed at the end of the window
        }
    }

    /** [bytes, state events] received so far. */
    long[] sinceStart() {
        return new long[] {bytes.get(), stateEvents.get()};
    }

    @Override
    public void close() throws InterruptedException {
        // Cancelled, the reader's blocked read fails and it closes the response itself: closing it
        // from here while the reader is inside a read is a race Okio refuses.
        call.cancel();
        reader.join(Duration.ofSeconds(5));
    }
}
