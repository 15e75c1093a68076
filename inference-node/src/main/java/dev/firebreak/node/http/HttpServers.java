package dev.firebreak.node.http;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** Starts the JDK's HTTP server with one virtual thread per exchange. */
public final class HttpServers {

    private HttpServers() {
    }

    /** Binds {@code host:port} (0 = ephemeral), routes every path through {@code router}, and starts serving. */
    public static HttpServer start(String host, int port, Router router) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
        server.createContext("/", router);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    /** The URL a client on this host reaches the server at. */
    public static String baseUrl(HttpServer server) {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort();
    }
}
