package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.AccessDeniedException;
import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeIdentity;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeRegistration;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollRequest;
import io.modelfleet.api.edge.Enrollment;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.FleetSummary;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.HeartbeatReply;
import io.modelfleet.api.edge.IssuedToken;
import io.modelfleet.api.edge.TokenRequest;
import io.modelfleet.api.metrics.Metrics;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.persistence.EdgeCredentialRecord;
import io.modelfleet.persistence.EdgeStore;
import io.modelfleet.persistence.NewEdgeRecord;

/**
 * The fleet. Heartbeats are the hot path: a heartbeat that changes nothing but the time is only remembered and
 * written with all others in one batch every flush interval, so 10,000 edges do not mean 10,000 row updates a second;
 * a heartbeat that changes device info, model or status is written at once.
 */
@Component(service = FleetService.class, configurationPid = FleetConfiguration.PID)
@Designate(ocd = FleetConfiguration.class)
public final class FleetServiceImpl implements FleetService {
    private static final Logger LOG = LoggerFactory.getLogger(FleetServiceImpl.class);
    private static final String EDGE = "edge";

    private final EdgeStore store;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration offlineAfter;
    private final int heartbeatIntervalSeconds;
    private final EdgeChanges changes;
    private final EdgeCache<EdgeCredentialRecord> credentials;
    private final Map<Long, Heartbeat> lastWrittenHeartbeat = new ConcurrentHashMap<>();
    private final Map<Long, Instant> pendingLastSeen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    /** Removes the data of edges deleted with their data, in batches, off the request threads. */
    private final ScheduledExecutorService purger;
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    /** Rows per table and statement when removing a deleted edge's data: short transactions, short locks. */
    static final int PURGE_BATCH = 2_000;
    static final long PURGE_EVERY_SECONDS = 60;

    @Activate
    public FleetServiceImpl(@Reference EdgeStore store, @Reference EdgeChanges changes, @Reference AuditLog audit,
            @Reference Metrics metrics, FleetConfiguration config) {
        this(store, changes, audit, metrics, config, Clock.systemUTC());
    }

    FleetServiceImpl(EdgeStore store, EdgeChanges changes, AuditLog audit, Metrics metrics, FleetConfiguration config,
            Clock clock) {
        this.store = store;
        this.changes = changes;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.offlineAfter = Duration.ofSeconds(config.offlineAfterSeconds());
        this.heartbeatIntervalSeconds = config.heartbeatIntervalSeconds();
        this.credentials = changes.cache(Duration.ofSeconds(config.credentialCacheSeconds()));
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "modelfleet-heartbeat-flush"));
        long flushMillis = Math.max(100, config.heartbeatFlushMillis());
        flusher.scheduleWithFixedDelay(this::flushSafely, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        this.purger = Daemons.scheduler("modelfleet-edge-purge");
        // also finishes what servers that stopped half way (or other replicas) left
        purger.scheduleWithFixedDelay(this::purgeSafely, PURGE_EVERY_SECONDS, PURGE_EVERY_SECONDS, TimeUnit.SECONDS);
        metrics.gauge("modelfleet_edges_online", "Edges whose last heartbeat is recent", () -> summary().online());
    }

    @Deactivate
    void deactivate() {
        stopping.set(true);
        purger.shutdownNow();
        flusher.shutdown();
        flushSafely();
    }

    @Override
    public IssuedToken createToken(TokenRequest request, String actor) {
        String secret = "mft_" + Secrets.random();
        Instant now = clock.instant();
        EnrollmentToken token = store.insertToken(Secrets.sha256(secret), request.description(), request.maxUses(),
                now.plusSeconds(request.ttlSeconds()), actor, now);
        audit.record(actor, "token.create", "enrollment-token", Long.toString(token.id()),
                "maxUses=" + token.maxUses() + ", expiresAt=" + token.expiresAt());
        return new IssuedToken(token, secret);
    }

    @Override
    public List<EnrollmentToken> listTokens(boolean includeInactive) {
        return store.listTokens(includeInactive, clock.instant());
    }

    @Override
    public void revokeToken(long tokenId, String actor) {
        if (!store.revokeToken(tokenId)) {
            throw new NotFoundException("enrollment token " + tokenId + " does not exist");
        }
        audit.record(actor, "token.revoke", "enrollment-token", Long.toString(tokenId), null);
    }

    @Override
    public Enrollment enroll(EnrollRequest request) {
        Instant now = clock.instant();
        long tokenId = store.consumeToken(Secrets.sha256(request.token()), now)
                .orElseThrow(() -> new UnauthenticatedException(
                        "the enrollment token is unknown, expired, revoked or used up"));
        String secret = Secrets.random();
        String baseName = preferredName(request);
        for (int attempt = 0; attempt < 8; attempt++) {
            String name = attempt == 0 ? baseName : baseName + "-" + Secrets.random().substring(0, 6).toLowerCase(Locale.ROOT);
            if (attempt > 0 && request.name() != null) {
                // an explicitly requested name is the operator's choice: never rename it silently
                throw new ConflictException("an edge named '" + request.name() + "' already exists");
            }
            Optional<Long> id = store.insertEdge(new NewEdgeRecord(name, Secrets.sha256(secret), request.device(), tokenId, now));
            if (id.isPresent()) {
                audit.record("edge:" + id.get(), "edge.enroll", EDGE, id.get().toString(),
                        "name=" + name + ", token=" + tokenId);
                metrics.increment("modelfleet_edges_enrolled_total", "Edges enrolled", 1);
                return new Enrollment(id.get(), name, EdgeCredential.issue(id.get(), secret).value(), EdgeState.PENDING);
            }
        }
        throw new ConflictException("could not find a free name for the edge; send an explicit name");
    }

    private static String preferredName(EnrollRequest request) {
        if (request.name() != null) {
            return request.name();
        }
        String hostname = request.device().hostname();
        String cleaned = hostname == null ? "" : hostname.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (cleaned.length() > 100) {
            cleaned = cleaned.substring(0, 100);
        }
        return cleaned.isEmpty() ? "edge" : cleaned;
    }

    @Override
    public EdgeIdentity authenticateEdge(String credentialValue) {
        EdgeCredential credential = EdgeCredential.parse(credentialValue)
                .orElseThrow(() -> new UnauthenticatedException("not an edge credential"));
        String hash = Secrets.sha256(credential.secret());
        EdgeCredentialRecord cached = credentials.get(credential.edgeId(), id -> store.credential(id)
                .orElseThrow(() -> new UnauthenticatedException("unknown edge credential")));
        if (!Secrets.sameHash(cached.credentialHash(), hash)) {
            throw new UnauthenticatedException("unknown edge credential");
        }
        if (cached.state() == EdgeState.REJECTED || cached.state() == EdgeState.DISABLED) {
            throw new AccessDeniedException("edge " + credential.edgeId() + " is " + cached.state());
        }
        return new EdgeIdentity(credential.edgeId(), cached.state());
    }

    @Override
    public HeartbeatReply heartbeat(long edgeId, Heartbeat heartbeat) {
        Instant now = clock.instant();
        Heartbeat previous = lastWrittenHeartbeat.get(edgeId);
        if (heartbeat.equals(previous)) {
            pendingLastSeen.merge(edgeId, now, (a, b) -> a.isAfter(b) ? a : b);
            metrics.increment("modelfleet_heartbeats_total", "Heartbeats received", 1, "write", "coalesced");
        } else {
            store.recordHeartbeat(edgeId, heartbeat, now);
            lastWrittenHeartbeat.put(edgeId, heartbeat);
            pendingLastSeen.remove(edgeId);
            metrics.increment("modelfleet_heartbeats_total", "Heartbeats received", 1, "write", "immediate");
        }
        EdgeState state = currentState(edgeId);
        // the desired state belongs to the deployment service; the edge gateway adds its ETag
        return new HeartbeatReply(state, null, heartbeatIntervalSeconds);
    }

    private EdgeState currentState(long edgeId) {
        return credentials.get(edgeId, id -> store.credential(id)
                .orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"))).state();
    }

    /** Writes the coalesced last-seen times; called by the flusher and on shutdown. */
    void flush() {
        if (pendingLastSeen.isEmpty()) {
            return;
        }
        Map<Long, Instant> batch = new HashMap<>();
        for (Long edgeId : List.copyOf(pendingLastSeen.keySet())) {
            Instant seen = pendingLastSeen.remove(edgeId);
            if (seen != null) {
                batch.put(edgeId, seen);
            }
        }
        if (!batch.isEmpty()) {
            try {
                store.touchLastSeen(batch);
            } catch (RuntimeException e) {
                // keep them for the next round rather than losing liveness information
                batch.forEach((id, seen) -> pendingLastSeen.merge(id, seen, (a, b) -> a.isAfter(b) ? a : b));
                throw e;
            }
        }
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not write coalesced heartbeats; retrying at the next flush", e);
        }
    }

    @Override
    public Page<Edge> listEdges(EdgeQuery query) {
        return store.listEdges(query, onlineSince());
    }

    @Override
    public Edge getEdge(long edgeId) {
        return store.findEdge(edgeId, onlineSince())
                .orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"));
    }

    @Override
    public Edge updateEdge(long edgeId, EdgeUpdate update, String actor) {
        if (!store.updateEdge(edgeId, update, actor, clock.instant())) {
            throw new NotFoundException("edge " + edgeId + " does not exist");
        }
        audit.record(actor, "edge.update", EDGE, Long.toString(edgeId), describe(update));
        return getEdge(edgeId);
    }

    private static String describe(EdgeUpdate update) {
        StringBuilder detail = new StringBuilder();
        if (update.name() != null) {
            detail.append("name=").append(update.name()).append(' ');
        }
        if (update.location() != null) {
            detail.append("location=").append(update.location()).append(' ');
        }
        if (update.description() != null) {
            detail.append("description changed ");
        }
        if (update.tags() != null) {
            detail.append("tags=").append(update.tags());
        }
        return detail.toString().trim();
    }

    @Override
    public Edge setState(long edgeId, EdgeState state, String actor) {
        if (state == null) {
            throw new io.modelfleet.api.InvalidInputException("state is required");
        }
        if (!store.updateState(edgeId, state, actor, clock.instant())) {
            throw new NotFoundException("edge " + edgeId + " does not exist");
        }
        changes.changedHere(edgeId);
        audit.record(actor, "edge." + state.name().toLowerCase(Locale.ROOT), EDGE, Long.toString(edgeId), null);
        return getEdge(edgeId);
    }

    @Override
    public FleetSummary summary() {
        return store.summary(onlineSince());
    }

    private Instant onlineSince() {
        return clock.instant().minus(offlineAfter);
    }

    @Override
    public Edge registerEdge(EdgeRegistration registration, String actor) {
        Instant now = clock.instant();
        // no one can present a credential until one is issued: the stored hash is of a secret nobody keeps
        long id = store.registerEdge(registration, Secrets.sha256(Secrets.random()), actor, now).orElseThrow(
                () -> new ConflictException("an edge named '" + registration.name() + "' already exists"));
        audit.record(actor, "edge.register", EDGE, Long.toString(id), registration.name() + " via target "
                + registration.target());
        return getEdge(id);
    }

    @Override
    public String issueCredential(long edgeId, String actor) {
        String secret = Secrets.random();
        if (!store.setCredential(edgeId, Secrets.sha256(secret), actor, clock.instant())) {
            throw new NotFoundException("edge " + edgeId + " does not exist");
        }
        changes.changedHere(edgeId);
        audit.record(actor, "edge.credential", EDGE, Long.toString(edgeId), "a new credential replaced the old one");
        return EdgeCredential.issue(edgeId, secret).value();
    }

    @Override
    public void deleteEdge(long edgeId, boolean removeData, String actor) {
        String name = store.deleteEdge(edgeId, removeData, actor, clock.instant())
                .orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"));
        // refused at once here; other replicas learn it from the edge change feed within about a second
        changes.changedHere(edgeId);
        credentials.remove(edgeId);
        lastWrittenHeartbeat.remove(edgeId);
        pendingLastSeen.remove(edgeId);
        audit.record(actor, "edge.delete", EDGE, Long.toString(edgeId), "name=" + name + ", data "
                + (removeData ? "removed" : "kept"));
        if (removeData) {
            purger.execute(this::purgeSafely);
        }
    }

    /**
     * Removes the data of deleted edges batch by batch. A purge is forgotten only when nothing was left and it was
     * requested long enough ago that no replica can still accept a batch under a cached credential.
     */
    void purge() {
        // a replica that cannot read the change feed stops trusting its cached credentials after STALE_AFTER
        Instant settled = clock.instant().minusSeconds(Math.max(60, 2 * EdgeChanges.STALE_AFTER.toSeconds()));
        for (long edgeId : store.edgesToPurge(100)) {
            long removed = 0;
            for (int n = store.purgeEdgeData(edgeId, PURGE_BATCH); n > 0; n = store.purgeEdgeData(edgeId, PURGE_BATCH)) {
                removed += n;
                if (stopping.get()) {
                    return;
                }
            }
            if (removed > 0) {
                LOG.info("Removed {} rows of deleted edge {}", removed, edgeId);
            }
            store.finishPurge(edgeId, settled);
        }
    }

    private void purgeSafely() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the data of deleted edges; trying again in {} s: {}", PURGE_EVERY_SECONDS,
                    e.toString());
        }
    }
}
