package dev.firebreak.node.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The watch against real loopback connections and this host's TCP tables. */
class PeerCloseWatchTest {

    private final PeerCloseWatch watch = PeerCloseWatch.forThisHost();
    private final AtomicInteger closes = new AtomicInteger();

    @AfterEach
    void close() {
        watch.close();
    }

    @Test
    void shouldReportAClientThatClosesItsConnection() throws IOException {
        assumeLinux();
        try (ServerSocket listener = listen("127.0.0.1"); Socket client = connect(listener); Socket server = listener.accept()) {
            PeerCloseWatch.Registration registration = watch(server);
            stillQuietFor(Duration.ofMillis(600));
            client.close();
            await().atMost(Duration.ofSeconds(1)).until(() -> closes.get() == 1);
            assertThat(registration.stop()).as("the peer had gone").isFalse();
        }
    }

    @Test
    void shouldReportAClientThatClosesItsConnectionOverIpv6() throws IOException {
        assumeLinux();
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp6")), "IPv6 is available");
        try (ServerSocket listener = listen("::1"); Socket client = connect(listener); Socket server = listener.accept()) {
            watch(server);
            stillQuietFor(Duration.ofMillis(600));
            client.close();
            await().atMost(Duration.ofSeconds(1)).until(() -> closes.get() == 1);
        }
    }

    @Test
    void shouldStayQuietOnceStopped() throws IOException {
        assumeLinux();
        try (ServerSocket listener = listen("127.0.0.1"); Socket client = connect(listener); Socket server = listener.accept()) {
            PeerCloseWatch.Registration registration = watch(server);
            assertThat(registration.stop()).as("the peer is still there").isTrue();
            client.close();
            stillQuietFor(Duration.ofMillis(600));
        }
    }

    @Test
    void shouldLeaveAResetConnectionToTheDeadline() throws IOException {
        assumeLinux();
        try (ServerSocket listener = listen("127.0.0.1"); Socket client = connect(listener); Socket server = listener.accept()) {
            watch(server);
            client.setSoLinger(true, 0);
            client.close();
            stillQuietFor(Duration.ofMillis(600));
        }
    }

    @Test
    void shouldNeverGuessAboutAConnectionItCannotFind(@TempDir Path dir) throws IOException {
        Path table = Files.writeString(dir.resolve("tcp"), "  sl  local_address rem_address   st\n");
        try (PeerCloseWatch empty = new PeerCloseWatch(List.of(table), Duration.ofMillis(20))) {
            empty.watch(new InetSocketAddress("127.0.0.1", 8100), new InetSocketAddress("127.0.0.1", 40000),
                    closes::incrementAndGet);
            stillQuietFor(Duration.ofMillis(300));
        }
    }

    @Test
    void shouldWatchNothingWhereThereAreNoTables() {
        try (PeerCloseWatch none = new PeerCloseWatch(List.of(), Duration.ofMillis(20))) {
            PeerCloseWatch.Registration registration = none.watch(new InetSocketAddress("127.0.0.1", 8100),
                    new InetSocketAddress("127.0.0.1", 40000), closes::incrementAndGet);
            assertThat(registration.stop()).isTrue();
        }
    }

    private PeerCloseWatch.Registration watch(Socket server) {
        return watch.watch((InetSocketAddress) server.getLocalSocketAddress(),
                (InetSocketAddress) server.getRemoteSocketAddress(), closes::incrementAndGet);
    }

    private void stillQuietFor(Duration duration) {
        await().during(duration).atMost(duration.plusSeconds(1)).until(() -> closes.get() == 0);
    }

    private static void assumeLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "the kernel's TCP table is readable");
    }

    private static ServerSocket listen(String host) throws IOException {
        return new ServerSocket(0, 10, InetAddress.getByName(host));
    }

    private static Socket connect(ServerSocket listener) throws IOException {
        return new Socket(listener.getInetAddress(), listener.getLocalPort());
    }
}
