package dev.firebreak.node.http;

import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a handler that its client closed the connection while the answer was still being computed.
 *
 * <p>An HTTP/1.1 server does not read a connection while its request is being handled, so a client
 * that went away is otherwise noticed only when the answer is written, which for a completion may
 * be minutes later. The watch asks the connection's endpoint to call back when it becomes readable
 * ({@link EndPoint#tryFillInterested}): a client waiting for its answer sends nothing, so readable
 * means its close (a fill gives -1) or, rarely, bytes sent ahead of the answer (a pipelined request;
 * they cannot be given back to the parser, so the connection is closed once the answer is out and
 * the client sends that request again, as HTTP/1.1 lets it).
 *
 * <p>{@link #stop()} must run before the answer is completed: once the response is done the
 * connection registers its own interest for the next request.
 */
public final class ClientWatch {

    private enum State { WATCHING, STOPPED, GONE, READ_AHEAD }

    private static final System.Logger LOG = System.getLogger(ClientWatch.class.getName());
    private static final IOException STOPPED = new IOException("watch stopped");

    private final EndPoint endPoint;
    private final Runnable onGone;
    private final AtomicReference<State> state = new AtomicReference<>(State.WATCHING);
    private final AtomicInteger idleTimeouts = new AtomicInteger();
    private final Callback readable = Callback.from(this::onReadable, this::onFailed);

    private ClientWatch(EndPoint endPoint, Runnable onGone) {
        this.endPoint = endPoint;
        this.onGone = onGone;
    }

    /** Starts watching {@code endPoint}; {@code onGone} runs at most once, on a Jetty thread, so keep it short. */
    static ClientWatch start(EndPoint endPoint, Runnable onGone) {
        ClientWatch watch = new ClientWatch(endPoint, onGone);
        synchronized (watch) {
            watch.register();
        }
        return watch;
    }

    /**
     * Stops watching. False when the client had already gone (and {@code onGone} ran): there is no one to answer.
     * It waits for a look at the connection that is under way, so that once it returns the watch reads nothing:
     * the bytes that come after the answer are the next request's, and the connection's to read.
     */
    public boolean stop() {
        synchronized (this) {
            if (state.compareAndSet(State.WATCHING, State.STOPPED) && endPoint instanceof AbstractEndPoint e
                    && e.isFillInterested()) {
                // Withdraw our interest so the connection can register its own for the next request.
                e.getFillInterest().onFail(STOPPED);
            }
        }
        return state.get() != State.GONE;
    }

    /** True once the client has gone. */
    public boolean gone() {
        return state.get() == State.GONE;
    }

    /**
     * The connection's idle timeout passed while the answer is computed: a client that sends
     * nothing while it waits is still there, so the request is not failed (false to Jetty).
     */
    boolean onIdleTimeout() {
        idleTimeouts.incrementAndGet();
        return false;
    }

    /** How many idle timeouts passed while the answer was computed. */
    int idleTimeouts() {
        return idleTimeouts.get();
    }

    /** True when the client sent bytes ahead of its answer, so the connection must close after it. */
    boolean readAhead() {
        return state.get() == State.READ_AHEAD;
    }

    /** Asks to be told when the connection becomes readable; called with the watch's lock held. */
    private void register() {
        if (state.get() != State.WATCHING) {
            return;
        }
        if (!endPoint.isOpen()) {
            markGone();
        } else if (!endPoint.tryFillInterested(readable)) {
            // Someone else reads the connection (a request body still streaming): nothing to watch.
            state.compareAndSet(State.WATCHING, State.STOPPED);
        }
    }

    private synchronized void onReadable() {
        // Under the lock that stop() takes: checked and read at once, so no byte is read after the watch stopped.
        if (state.get() != State.WATCHING) {
            return;
        }
        try {
            int read = endPoint.fill(BufferUtil.allocate(1));
            if (read < 0) {
                markGone();
            } else if (read == 0) {
                register();
            } else if (state.compareAndSet(State.WATCHING, State.READ_AHEAD)) {
                LOG.log(System.Logger.Level.DEBUG, "client {0} sent bytes before its answer; closing after it",
                        endPoint.getRemoteSocketAddress());
            }
        } catch (IOException e) {
            markGone();
        }
    }

    private void onFailed(Throwable cause) {
        if (cause == STOPPED || state.get() != State.WATCHING) {
            return;
        }
        if (cause instanceof TimeoutException) {
            // The connection's idle timeout while we compute: the client is still there.
            synchronized (this) {
                register();
            }
        } else {
            markGone();
        }
    }

    private void markGone() {
        if (state.compareAndSet(State.WATCHING, State.GONE)) {
            onGone.run();
        }
    }
}
