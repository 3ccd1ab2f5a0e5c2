package io.modelfleet.itests.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A TCP load balancer on 127.0.0.1 in front of several servers, as a Kubernetes Service or a plain L4 balancer is:
 * each new client connection goes to the next backend in turn; a backend that refuses the connection (its process
 * died) is skipped for that connection, so clients that reconnect land on a live one. Connections are relayed as they
 * are (keep-alive stays on one backend) and closed towards the client when their backend goes away.
 */
public final class RoundRobinProxy implements AutoCloseable {
    private final List<Integer> backends;
    private final ServerSocket listener;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray accepted;
    private final AtomicLongArray refused;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Listens on a free port of 127.0.0.1 and relays to the given ports of 127.0.0.1. */
    public RoundRobinProxy(List<Integer> backendPorts) throws IOException {
        this.backends = List.copyOf(backendPorts);
        this.accepted = new AtomicLongArray(backends.size());
        this.refused = new AtomicLongArray(backends.size());
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "round-robin-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Client connections relayed to backend {@code index} (in the order given) so far. */
    public long connections(int index) {
        return accepted.get(index);
    }

    /** Connection attempts to backend {@code index} that it refused (so another backend got the client). */
    public long refusals(int index) {
        return refused.get(index);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread relay = new Thread(() -> connect(client), "round-robin-connect");
            relay.setDaemon(true);
            relay.start();
        }
    }

    /** Tries each backend once, starting with the next in turn; a client no backend takes is closed. */
    private void connect(Socket client) {
        int first = Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int index = (first + i) % backends.size();
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backends.get(index)), 2_000);
            } catch (IOException e) {
                refused.incrementAndGet(index);
                close(server);
                continue;
            }
            accepted.incrementAndGet(index);
            try {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                // relayed either way
            }
            open.add(client);
            open.add(server);
            AtomicInteger ended = new AtomicInteger();
            start(() -> pump(client, server, ended));
            start(() -> pump(server, client, ended));
            return;
        }
        close(client);
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "round-robin-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Relays one direction; the second direction to end closes both sockets. */
    private void pump(Socket from, Socket to, AtomicInteger ended) {
        byte[] buffer = new byte[32 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput(); // an orderly end on one side: pass it on
            if (ended.incrementAndGet() == 2) {
                close(from);
                close(to);
            }
        } catch (IOException e) {
            // one side broke (a killed server resets): so does the other
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        new ArrayList<>(open).forEach(this::close);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RoundRobinProxy 127.0.0.1:" + port() + " ->");
        for (int i = 0; i < backends.size(); i++) {
            text.append(" :").append(backends.get(i)).append(" (").append(accepted.get(i)).append(" connections, ")
                    .append(refused.get(i)).append(" refused)");
        }
        return text.toString();
    }
}
