package dev.dpapi.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code unix} listener: Helidon listens on TCP only, so each connection to the socket file is carried,
 * byte for byte, to a loopback listener with the same routing, filters and authentication as the others.
 */
public final class UnixListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("dataplaneapi");

    private final Path path;
    private final ServerSocketChannel server;
    private final int loopbackPort;

    private UnixListener(Path path, ServerSocketChannel server, int loopbackPort) {
        this.path = path;
        this.server = server;
        this.loopbackPort = loopbackPort;
    }

    /** Listens on {@code path} (a stale socket file left by a previous run is replaced). */
    static UnixListener start(Path path, int loopbackPort) throws IOException {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.readAttributes(path, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IOException(path + " exists and is not a socket");
            }
            Files.delete(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        UnixListener listener = new UnixListener(path, server, loopbackPort);
        Thread.ofPlatform().daemon().name("unix-listener").start(listener::accept);
        return listener;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> carry(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(Level.WARNING, "unix listener: " + e.getMessage());
                }
            }
        }
    }

    private void carry(SocketChannel client) {
        try (client; SocketChannel api = SocketChannel.open(new InetSocketAddress("127.0.0.1", loopbackPort))) {
            Thread back = Thread.ofVirtual().start(() -> pipe(api, client));
            pipe(client, api);
            back.join();
        } catch (IOException e) {
            LOG.fine(() -> "unix listener connection: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until {@code from} ends, then ends the writing side of {@code to}. */
    private static void pipe(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warning("cannot remove " + path + ": " + e.getMessage());
        }
    }
}
