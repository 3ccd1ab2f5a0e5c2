package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.ibatis.exceptions.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.security.Role;
import io.modelfleet.persistence.SessionRecord;
import io.modelfleet.persistence.UserRecord;
import io.modelfleet.persistence.UserStore;

@Component(service = UserStore.class)
public final class MyBatisUserStore implements UserStore {
    private final Database db;

    /** The DS constructor; tests call it with a {@code TestDatabase}'s database. */
    @Activate
    public MyBatisUserStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<UserRecord> findByUsername(String username) {
        return Optional.ofNullable(db.read(UserMapper.class, m -> m.findByUsername(username)));
    }

    @Override
    public UserRecord upsertDirectoryUser(String username, String marker, Role role, String displayName, String email,
            Instant now) {
        return db.write(UserMapper.class, m -> {
            m.upsertDirectoryUser(username, marker, role, displayName, email, now);
            return m.findByUsername(username);
        });
    }

    @Override
    public UserRecord insert(String username, String passwordHash, Role role, Instant now) {
        try {
            return db.write(UserMapper.class, m -> {
                m.insert(username, passwordHash, role, now);
                return m.findByUsername(username);
            });
        } catch (PersistenceException e) {
            if (Database.isDuplicateKey(e)) {
                throw new ConflictException("user '" + username + "' already exists");
            }
            throw e;
        }
    }

    @Override
    public void update(long userId, Role role, Boolean disabled, String passwordHash, Instant now) {
        db.write(UserMapper.class, m -> m.update(userId, role, disabled, passwordHash, now));
    }

    @Override
    public void recordLoginSuccess(long userId, Instant now) {
        db.write(UserMapper.class, m -> {
            m.recordSuccess(userId, now);
            return null;
        });
    }

    @Override
    public int countLoginFailure(String key, Instant now, Instant forgetBefore) {
        // one session, so one connection: LAST_INSERT_ID() reads what this statement stored
        return db.write(UserMapper.class, m -> {
            m.countFailure(key, now, forgetBefore);
            return m.lastCount();
        });
    }

    @Override
    public void blockLogins(String key, Instant until) {
        db.write(UserMapper.class, m -> {
            m.block(key, until);
            return null;
        });
    }

    @Override
    public Instant loginsBlockedUntil(List<String> keys) {
        return db.read(UserMapper.class, m -> m.blockedUntil(keys));
    }

    @Override
    public void clearLoginFailures(String key) {
        db.write(UserMapper.class, m -> {
            m.clearThrottle(key);
            return null;
        });
    }

    @Override
    public int deleteStaleLoginFailures(Instant now, Instant forgetBefore) {
        return db.write(UserMapper.class, m -> m.deleteStaleThrottles(now, forgetBefore));
    }

    @Override
    public Page<UserRecord> list(PageRequest page) {
        return db.read(UserMapper.class,
                m -> new Page<>(m.list(page.limit(), page.offset()), m.count(), page.limit(), page.offset()));
    }

    @Override
    public long count() {
        return db.read(UserMapper.class, UserMapper::count);
    }

    @Override
    public void insertSession(String tokenHash, long userId, Instant createdAt, Instant idleExpiresAt,
            Instant absoluteExpiresAt) {
        db.write(UserMapper.class, m -> {
            m.insertSession(tokenHash, userId, createdAt, idleExpiresAt, absoluteExpiresAt);
            return null;
        });
    }

    @Override
    public Optional<SessionRecord> findSession(String tokenHash) {
        return Optional.ofNullable(db.read(UserMapper.class, m -> m.findSession(tokenHash)));
    }

    @Override
    public void touchSession(String tokenHash, Instant lastUsedAt, Instant idleExpiresAt) {
        db.write(UserMapper.class, m -> {
            m.touchSession(tokenHash, lastUsedAt, idleExpiresAt);
            return null;
        });
    }

    @Override
    public void deleteSession(String tokenHash) {
        db.write(UserMapper.class, m -> {
            m.deleteSession(tokenHash);
            return null;
        });
    }

    @Override
    public boolean insertSessionIfPassword(String tokenHash, long userId, String passwordHash, Instant createdAt,
            Instant idleExpiresAt, Instant absoluteExpiresAt) {
        return db.write(UserMapper.class, m -> m.insertSessionIfPassword(tokenHash, userId, passwordHash, createdAt,
                idleExpiresAt, absoluteExpiresAt)) > 0;
    }

    @Override
    public boolean replacePassword(long userId, String expectedHash, String newHash, boolean endSessions,
            Instant now) {
        return db.write(UserMapper.class, m -> {
            if (m.replacePassword(userId, expectedHash, newHash, now) == 0) {
                return false;
            }
            if (endSessions) {
                m.deleteSessionsOf(userId);
            }
            return true;
        });
    }

    @Override
    public void deleteSessionsOf(long userId) {
        db.write(UserMapper.class, m -> {
            m.deleteSessionsOf(userId);
            return null;
        });
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return db.write(UserMapper.class, m -> m.deleteExpired(now));
    }
}
