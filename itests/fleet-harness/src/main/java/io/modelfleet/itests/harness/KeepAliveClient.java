package io.modelfleet.itests.harness;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection with TCP_NODELAY that writes each request in a single write, as a device-local
 * application would: the JDK HttpClient sends headers and body separately, and Nagle plus delayed ACK then add about
 * 40 ms to every request, which would measure the client, not the agent.
 */
public final class KeepAliveClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    public KeepAliveClient(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
        this.host = host + ":" + port;
    }

    /** POSTs a JSON body and returns the response body; fails on a status other than 200. */
    public byte[] postJson(String path, byte[] body) throws IOException {
        return post(path, "application/json", body);
    }

    /** POSTs a body of the given media type and returns the response body; fails on a status other than 200. */
    public byte[] post(String path, String contentType, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream(body.length + 128);
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        out.write(request.toByteArray());
        out.flush();
        return answer();
    }

    private byte[] answer() throws IOException {
        String status = line();
        int length = -1;
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length in the answer");
        }
        byte[] answer = in.readNBytes(length);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException(status + ": " + new String(answer, StandardCharsets.UTF_8));
        }
        return answer;
    }

    /** GETs a path and returns the response body; fails on a status other than 200. */
    public byte[] get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return answer();
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
