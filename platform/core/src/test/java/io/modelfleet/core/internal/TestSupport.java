package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import io.modelfleet.api.Page;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.persistence.internal.MyBatisAuditStore;

/** What the core services' tests share: the audit log on the real store, and a clock a test moves. */
final class TestSupport {
    private TestSupport() {
    }

    /** The audit log as the security bundle provides it, on the real store, with times from {@code clock}. */
    static AuditLog audit(MyBatisAuditStore store, Clock clock) {
        return new AuditLog() {
            @Override
            public void record(String actor, String action, String targetType, String targetId, String detail) {
                store.insert(clock.instant(), actor, action, targetType, targetId, detail);
            }

            @Override
            public Page<AuditEntry> query(AuditQuery query) {
                return store.query(query);
            }
        };
    }

    /** A UTC clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(t -> t.plus(duration));
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
