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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 between a client (an edge agent) and a server, for network faults: {@link #cut()} resets
 * every connection and refuses new ones until {@link #restore()}; {@link #blackhole()} leaves connections open but
 * moves no more bytes on them, as a link that dies without a FIN or RST does; either can be armed to happen once a
 * connection has carried a number of bytes towards the client ({@link #cutAfter}, {@link #blackholeAfter}), i.e. in
 * the middle of a download. Request lines and {@code Range} headers the client sends are recorded.
 */
public final class TcpProxy implements AutoCloseable {
    private enum Mode { OPEN, CUT }

    private static final java.util.regex.Pattern REQUEST_LINE =
            java.util.regex.Pattern.compile("(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) \\S+ HTTP/1\\.[01]$");

    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private volatile Mode mode = Mode.OPEN;
    private volatile long cutAfterBytes = -1;
    private volatile long blackholeAfterBytes = -1;
    private volatile boolean closed;

    /** One client connection and its server side. */
    private final class Link {
        final Socket client;
        final Socket server;
        final AtomicLong down = new AtomicLong();
        /** {@link #down} when the current fault was armed: limits count from there. */
        volatile long armedAt;
        volatile boolean holed;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void reset() {
            for (Socket socket : List.of(client, server)) {
                try {
                    socket.setSoLinger(true, 0); // RST, as a broken link looks to both ends
                } catch (IOException e) {
                    // closing anyway
                }
                try {
                    socket.close();
                } catch (IOException e) {
                    // gone already
                }
            }
            links.remove(this);
        }
    }

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Resets every open connection and refuses (resets) new ones until {@link #restore()}. */
    public void cut() {
        mode = Mode.CUT;
        new ArrayList<>(links).forEach(Link::reset);
    }

    /** New connections are relayed again; blackholed ones stay dead, as their peers have not noticed yet. */
    public void restore() {
        cutAfterBytes = -1;
        blackholeAfterBytes = -1;
        mode = Mode.OPEN;
    }

    /** Arms a {@link #cut()} for when one connection has carried more than {@code bytes} towards the client. */
    public void cutAfter(long bytes) {
        links.forEach(link -> link.armedAt = link.down.get());
        cutAfterBytes = bytes;
    }

    /**
     * Arms a blackhole for when one connection has carried more than {@code bytes} towards the client: that
     * connection stops moving bytes either way without closing, and new connections are refused until
     * {@link #restore()}.
     */
    public void blackholeAfter(long bytes) {
        links.forEach(link -> link.armedAt = link.down.get());
        blackholeAfterBytes = bytes;
    }

    public boolean isCut() {
        return mode == Mode.CUT;
    }

    /** Request lines ({@code GET /path HTTP/1.1}) and {@code Range:} headers the clients sent, in order. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** Bytes relayed towards clients over all connections. */
    public long downstreamBytes() {
        return downstreamBytes.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (mode == Mode.CUT) {
                try {
                    client.setSoLinger(true, 0);
                    client.close();
                } catch (IOException e) {
                    // refused either way
                }
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                start(() -> pump(link, link.client, link.server, false));
                start(() -> pump(link, link.server, link.client, true));
            } catch (IOException e) {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // the server is away: so is this connection
                }
            }
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(Link link, Socket from, Socket to, boolean downstream) {
        byte[] buffer = new byte[16 * 1024];
        StringBuilder line = new StringBuilder();
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                if (link.holed) {
                    parkUntilClosed(link);
                    return;
                }
                if (downstream) {
                    long before = link.down.get() - link.armedAt;
                    long limitHole = blackholeAfterBytes;
                    long limitCut = cutAfterBytes;
                    if (limitHole >= 0 && before + n > limitHole) {
                        // forward up to the limit, then nothing more: the link is dead for both ends
                        int part = (int) Math.max(0, limitHole - before);
                        out.write(buffer, 0, part);
                        out.flush();
                        link.down.addAndGet(part);
                        downstreamBytes.addAndGet(part);
                        blackholeAfterBytes = -1;
                        mode = Mode.CUT;
                        link.holed = true;
                        parkUntilClosed(link);
                        return;
                    }
                    if (limitCut >= 0 && before + n > limitCut) {
                        int part = (int) Math.max(0, limitCut - before);
                        out.write(buffer, 0, part);
                        out.flush();
                        link.down.addAndGet(part);
                        downstreamBytes.addAndGet(part);
                        cutAfterBytes = -1;
                        cut();
                        return;
                    }
                    link.down.addAndGet(n);
                    downstreamBytes.addAndGet(n);
                } else {
                    record(line, buffer, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            // an orderly end on one side: pass it on
            if (!link.holed) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            if (!link.holed) {
                link.reset();
            }
        }
    }

    /** A blackholed link: read and discard until closed, never forward, never close it ourselves. */
    private void parkUntilClosed(Link link) {
        // nothing to do but keep the sockets open; the peers find out by their own timeouts (or never)
        while (!closed && !link.client.isClosed()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void record(StringBuilder line, byte[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buffer[i] & 0xff);
            if (c == '\n') {
                // a request line may follow the previous request's body on the same line
                String text = line.toString().trim();
                java.util.regex.Matcher request = REQUEST_LINE.matcher(text);
                if (request.find()) {
                    requestLines.add(request.group());
                } else if (text.toLowerCase(Locale.ROOT).startsWith("range:")) {
                    requestLines.add(text);
                }
                line.setLength(0);
            } else if (line.length() < 512) {
                line.append(c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        new ArrayList<>(links).forEach(Link::reset);
    }

    /** For messages: what went where. */
    @Override
    public String toString() {
        return "TcpProxy 127.0.0.1:" + port() + " -> 127.0.0.1:" + targetPort + " (" + mode.name().toLowerCase(Locale.ROOT)
                + ", " + downstreamBytes.get() + " bytes down, " + links.size() + " links)";
    }
}
