package dev.firebreak.node.http;

import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watch on a connection whose answer is being computed, on Jetty's in-memory endpoint: a close
 * is the client gone, bytes sent ahead are kept as a reason to close after the answer, and once
 * {@link ClientWatch#stop()} has returned the watch reads nothing of the next request.
 */
class ClientWatchTest {

    private static final String NEXT_REQUEST = "POST /v1/completions HTTP/1.1\r\n";

    @Test
    void aClosedConnectionIsTheClientGone() {
        ByteArrayEndPoint endPoint = new ByteArrayEndPoint();
        CountDownLatch gone = new CountDownLatch(1);
        ClientWatch watch = ClientWatch.start(endPoint, gone::countDown);

        endPoint.addInputEOF();

        await().atMost(5, TimeUnit.SECONDS).until(() -> gone.getCount() == 0);
        assertThat(watch.gone()).isTrue();
        assertThat(watch.stop()).as("no one left to answer").isFalse();
    }

    @Test
    void bytesSentAheadOfTheAnswerCloseTheConnectionAfterIt() {
        ByteArrayEndPoint endPoint = new ByteArrayEndPoint();
        ClientWatch watch = ClientWatch.start(endPoint, () -> { });

        endPoint.addInput(NEXT_REQUEST);

        await().atMost(5, TimeUnit.SECONDS).until(watch::readAhead);
        assertThat(watch.gone()).isFalse();
        assertThat(watch.stop()).isTrue();
    }

    /**
     * The race that once cost a reused connection the first byte of its next request ("OST /v1/..."
     * answered 405): the watch woke with nothing to read and was about to read when the answer ended.
     * The next request is sent only after {@code stop()} returned, as a real client sends it only
     * after the answer; it must reach the connection whole.
     */
    @Test
    void aLookUnderWayWhenTheWatchStopsReadsNothingOfTheNextRequest() throws Exception {
        CountDownLatch aboutToRead = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        ByteArrayEndPoint endPoint = new ByteArrayEndPoint() {
            private boolean first = true;

            @Override
            public int fill(ByteBuffer buffer) throws IOException {
                if (first) {
                    first = false;
                    aboutToRead.countDown();
                    awaitQuietly(read);
                }
                return super.fill(buffer);
            }
        };
        ClientWatch watch = ClientWatch.start(endPoint, () -> { });
        // A wake-up with nothing to read, as a selector may give.
        Thread look = Thread.ofPlatform().start(() -> endPoint.getFillInterest().fillable());
        assertThat(aboutToRead.await(5, TimeUnit.SECONDS)).isTrue();

        Thread answerEnds = Thread.ofPlatform().start(() -> {
            watch.stop();
            endPoint.addInput(NEXT_REQUEST);
        });
        // Either stop() waits for the look under way, or it has returned and the next request is in.
        await().atMost(5, TimeUnit.SECONDS).until(() -> answerEnds.getState() == Thread.State.BLOCKED
                || answerEnds.getState() == Thread.State.TERMINATED);
        read.countDown();
        look.join(5_000);
        answerEnds.join(5_000);

        ByteBuffer buffer = BufferUtil.allocate(256);
        endPoint.fill(buffer);
        assertThat(BufferUtil.toString(buffer)).isEqualTo(NEXT_REQUEST);
        assertThat(watch.readAhead()).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new UncheckedIOException(new IOException("the test never let the read go on"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
