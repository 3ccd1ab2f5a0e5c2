package io.modelfleet.agent.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The agent's store-and-forward queue: every result is appended to disk, with its sequence number, before anything
 * is sent, and leaves only when the server has acknowledged it. Records live in segment files named after their first
 * sequence number; each record is {@code length, seq, crc32, payload}, so a record torn by a crash is detected and
 * cut off on the next start. The queue is bounded in bytes: past the bound the oldest segment is dropped whole and
 * its unacknowledged records are counted (persistently) as dropped.
 */
final class ResultQueue implements AutoCloseable {
    static final int SEGMENT_BYTES = 1024 * 1024;
    private static final int HEADER = 4 + 8 + 4;
    private static final String SUFFIX = ".seg";

    /** One queued payload. */
    record Entry(long seq, byte[] payload) {
    }

    private final Path dir;
    private final long maxBytes;
    /** first seq -> segment file, oldest first. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private FileChannel tail;
    private long tailSize;
    private long totalBytes;
    private long nextSeq;
    private long ackedSeq;
    private long dropped;

    ResultQueue(Path dir, long maxBytes) throws IOException {
        if (maxBytes < 2L * SEGMENT_BYTES) {
            throw new IllegalArgumentException("queueMaxBytes must be at least " + 2L * SEGMENT_BYTES);
        }
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.ackedSeq = readLong(dir.resolve("acked"), 0);
        this.dropped = readLong(dir.resolve("dropped"), 0);
        long lastSeq = Math.max(ackedSeq, readLong(dir.resolve("seq-floor"), 0));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String name = file.getFileName().toString();
                segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), file);
            }
        }
        for (Path segment : segments.values()) {
            long[] scan = scan(segment, true);
            lastSeq = Math.max(lastSeq, scan[0]);
            totalBytes += scan[1];
        }
        this.nextSeq = lastSeq + 1;
        if (!segments.isEmpty()) {
            Path last = segments.lastEntry().getValue();
            tail = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            tailSize = Files.size(last);
        }
    }

    /**
     * Reads a segment's records; with {@code repair}, cuts the file at the first torn or corrupt record.
     *
     * @return {last seq seen (0 if none), valid bytes}
     */
    private static long[] scan(Path segment, boolean repair) throws IOException {
        long lastSeq = 0;
        long valid = 0;
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (valid + HEADER <= size) {
                header.clear();
                channel.read(header, valid);
                header.flip();
                int length = header.getInt();
                long seq = header.getLong();
                int crc = header.getInt();
                if (length < 0 || length > SEGMENT_BYTES || valid + HEADER + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                channel.read(payload, valid + HEADER);
                if (crc(payload.array()) != crc) {
                    break;
                }
                lastSeq = seq;
                valid += HEADER + length;
            }
            if (repair && valid < size) {
                channel.truncate(valid);
            }
        }
        return new long[] { lastSeq, valid };
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** Appends a payload and returns its sequence number. The write reaches the OS before this returns. */
    synchronized long append(byte[] payload) throws IOException {
        if (payload.length > SEGMENT_BYTES - HEADER) {
            throw new IllegalArgumentException("a result of " + payload.length + " bytes is larger than a segment");
        }
        long seq = nextSeq;
        if (tail == null || tailSize + HEADER + payload.length > SEGMENT_BYTES) {
            roll(seq);
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
        record.putInt(payload.length).putLong(seq).putInt(crc(payload)).put(payload).flip();
        while (record.hasRemaining()) {
            tail.write(record);
        }
        tailSize += HEADER + payload.length;
        totalBytes += HEADER + payload.length;
        nextSeq = seq + 1;
        enforceBound();
        return seq;
    }

    private void roll(long firstSeq) throws IOException {
        if (tail != null) {
            tail.force(false);
            tail.close();
        }
        Path segment = dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
        tail = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        tailSize = 0;
        segments.put(firstSeq, segment);
    }

    /** Past the bound, the oldest segment goes, and what of it was never acknowledged is counted as dropped. */
    private void enforceBound() throws IOException {
        while (totalBytes > maxBytes && segments.size() > 1) {
            var oldest = segments.pollFirstEntry();
            long lost = 0;
            for (Entry entry : read(oldest.getValue(), Long.MAX_VALUE)) {
                if (entry.seq() > ackedSeq) {
                    lost++;
                }
            }
            totalBytes -= Files.size(oldest.getValue());
            Files.delete(oldest.getValue());
            if (lost > 0) {
                dropped += lost;
                writeLong(dir.resolve("dropped"), dropped);
            }
        }
    }

    /** Up to {@code maxEntries} unacknowledged entries (at most {@code maxBytes} of payload), oldest first. */
    synchronized List<Entry> peek(int maxEntries, long maxPayloadBytes) throws IOException {
        List<Entry> batch = new ArrayList<>();
        long bytes = 0;
        if (tail != null) {
            tail.force(false);
        }
        for (Path segment : segments.values()) {
            for (Entry entry : read(segment, Long.MAX_VALUE)) {
                if (entry.seq() <= ackedSeq) {
                    continue;
                }
                if (batch.size() == maxEntries || (!batch.isEmpty() && bytes + entry.payload().length > maxPayloadBytes)) {
                    return batch;
                }
                batch.add(entry);
                bytes += entry.payload().length;
            }
        }
        return batch;
    }

    private static List<Entry> read(Path segment, long limit) throws IOException {
        List<Entry> entries = new ArrayList<>();
        byte[] all = Files.readAllBytes(segment);
        ByteBuffer buffer = ByteBuffer.wrap(all);
        while (buffer.remaining() >= HEADER && entries.size() < limit) {
            int length = buffer.getInt();
            long seq = buffer.getLong();
            int crc = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                break;
            }
            byte[] payload = new byte[length];
            buffer.get(payload);
            if (crc(payload) != crc) {
                break;
            }
            entries.add(new Entry(seq, payload));
        }
        return entries;
    }

    /** The server has stored everything up to {@code seq}: forget it, and delete segments that hold nothing else. */
    synchronized void acknowledge(long seq) throws IOException {
        if (seq <= ackedSeq) {
            return;
        }
        ackedSeq = seq;
        writeLong(dir.resolve("acked"), ackedSeq);
        while (segments.size() > 1) {
            var oldest = segments.firstEntry();
            Long nextFirst = segments.higherKey(oldest.getKey());
            if (nextFirst == null || nextFirst - 1 > ackedSeq) {
                break;
            }
            totalBytes -= Files.size(oldest.getValue());
            Files.delete(oldest.getValue());
            segments.pollFirstEntry();
        }
        if (segments.size() == 1 && nextSeq - 1 <= ackedSeq) {
            // everything is acknowledged: start afresh, remembering where numbering stands
            writeLong(dir.resolve("seq-floor"), nextSeq - 1);
            tail.close();
            tail = null;
            Files.delete(segments.pollFirstEntry().getValue());
            totalBytes = 0;
        }
    }

    /** Results on disk not acknowledged yet (dropped ones are gone: they count in {@link #dropped()} only). */
    synchronized long pending() {
        long before = segments.isEmpty() ? ackedSeq : Math.max(ackedSeq, segments.firstKey() - 1);
        return nextSeq - 1 - before;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long bytes() {
        return totalBytes;
    }

    private static long readLong(Path file, long fallback) throws IOException {
        if (!Files.exists(file)) {
            return fallback;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? fallback : Long.parseLong(text);
    }

    /** Written to a temporary file and renamed, so a crash leaves the old value or the new one. */
    private static void writeLong(Path file, long value) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, Long.toString(value), StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (tail != null) {
            try {
                if (tail.isOpen()) {
                    tail.force(false);
                }
            } finally {
                tail.close();
                tail = null;
            }
        }
    }
}
