package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void defaults() {
        Options o = Options.parse(new String[0], Map.of());
        assertFalse(o.help);
        assertEquals("http://127.0.0.1:8181", o.server);
        assertEquals("admin", o.adminUser);
        assertEquals("", o.adminPassword);
        assertEquals(200, o.edges);
        assertEquals(20, o.batchesPerEdge);
        assertEquals(100, o.batchSize);
        assertEquals(32, o.concurrency);
        assertEquals(5, o.heartbeatsPerEdge);
        assertEquals(2, o.warmupBatches);
        assertEquals("jdbc:mariadb://127.0.0.1:3306/", o.jdbcUrl);
        assertEquals("modelfleet", o.jdbcUser);
        assertEquals("modelfleet", o.jdbcPassword);
        assertTrue(o.baseline);
        assertNull(o.json);
    }

    @Test
    void overrides() {
        Options o = Options.parse(new String[]{
                "--server=http://edge.example:9000/", "--admin-user=root", "--admin-password=s3cret=with=equals",
                "--edges=3", "--batches-per-edge=4", "--batch-size=1000", "--concurrency=2",
                "--heartbeats-per-edge=0", "--warmup-batches=0", "--jdbc-url=jdbc:mariadb://db:3307/", "--jdbc-user=u",
                "--jdbc-password=p", "--baseline=false", "--json=out.json"}, Map.of());
        assertEquals("http://edge.example:9000", o.server); // trailing slash removed
        assertEquals("root", o.adminUser);
        assertEquals("s3cret=with=equals", o.adminPassword); // split at the first '=' only
        assertEquals(3, o.edges);
        assertEquals(4, o.batchesPerEdge);
        assertEquals(1000, o.batchSize);
        assertEquals(2, o.concurrency);
        assertEquals(0, o.heartbeatsPerEdge);
        assertEquals(0, o.warmupBatches);
        assertEquals("jdbc:mariadb://db:3307/", o.jdbcUrl);
        assertEquals("u", o.jdbcUser);
        assertEquals("p", o.jdbcPassword);
        assertFalse(o.baseline);
        assertEquals("out.json", o.json);
    }

    @Test
    void describeLeavesPasswordsOut() {
        Options o = Options.parse(new String[]{"--admin-password=top", "--jdbc-password=db"}, Map.of());
        assertFalse(o.describe().toString().contains("top"));
        assertFalse(o.describe().toString().contains("=db"));
        assertEquals(2, o.describe().get("warmupBatches"));
    }

    @Test
    void passwordFromEnvironmentOnlyWhenNotGiven() {
        Map<String, String> env = Map.of("MODELFLEET_ADMIN_PASSWORD", "from-env");
        assertEquals("from-env", Options.parse(new String[0], env).adminPassword);
        assertEquals("from-env", Options.parse(new String[]{"--admin-password="}, env).adminPassword);
        assertEquals("cli", Options.parse(new String[]{"--admin-password=cli"}, env).adminPassword);
    }

    @Test
    void help() {
        assertTrue(Options.parse(new String[]{"--help"}, Map.of()).help);
        assertTrue(Options.usage().contains("--batches-per-edge=20"));
        assertTrue(Options.usage().contains("--warmup-batches=2"));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--edgez=3"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--edges"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"edges=3"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--edges=many"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--edges=0"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--edges=10001"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--batch-size=1001"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--concurrency=0"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--heartbeats-per-edge=-1"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--warmup-batches=-1"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--server=ftp://x"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--baseline=yes"}, Map.of()));
    }

    @Test
    void fleetOptions() {
        Options d = Options.parse(new String[0], Map.of());
        assertEquals("ingest", d.mode);
        assertFalse(d.fleet());
        assertNull(d.bulkEdges);
        assertNull(d.edgePrefix);
        assertEquals(60, d.heartbeatSeconds);
        assertEquals(60, d.pollSeconds);
        assertEquals(0, d.resultSeconds);
        assertEquals(0.2, d.jitter);
        assertEquals(64, d.connections);
        assertTrue(d.needsAdmin());
        Options o = Options.parse(new String[]{"--mode=fleet", "--edges=100000", "--bulk-edges=mf_fleet",
                "--edge-prefix=fleet", "--heartbeat-seconds=10", "--poll-seconds=0", "--result-seconds=30",
                "--result-batch-size=5", "--jitter=0", "--connections=16", "--warmup=0", "--duration=60",
                "--server-pid=1234", "--follow-server-interval=false"}, Map.of());
        assertTrue(o.fleet());
        assertEquals(100_000, o.edges);
        assertEquals("mf_fleet", o.bulkEdges);
        assertEquals("fleet", o.edgePrefix);
        assertFalse(o.needsAdmin());
        assertFalse(o.followServerInterval);
        assertEquals(1234, o.serverPid);
        assertEquals(0, o.pollSeconds);
        assertEquals(100_000, o.describe().get("edges"));
        assertTrue(Options.usage().contains("--edges=100000 --bulk-edges=mf_fleet"));
        // more than one enrollment token's worth needs the bulk path; names and schemas are checked
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--mode=fleet", "--edges=10001"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--mode=swarm"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--bulk-edges=x;drop"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--edge-prefix=a b"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--jitter=1"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--jitter=NaN"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--connections=0"}, Map.of()));
    }
}
