package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.security.Role;
import io.modelfleet.persistence.SessionRecord;
import io.modelfleet.persistence.UserRecord;

interface UserMapper {
    String USER_COLUMNS = "id, username, password_hash, role, disabled, failed_logins, locked_until, created_at, last_login_at";

    @Select("SELECT " + USER_COLUMNS + " FROM app_user WHERE username = #{username}")
    UserRecord findByUsername(String username);

    @Insert("INSERT INTO app_user (username, password_hash, role, created_at, updated_at) "
            + "VALUES (#{username}, #{passwordHash}, #{role}, #{now}, #{now})")
    void insert(@Param("username") String username, @Param("passwordHash") String passwordHash,
            @Param("role") Role role, @Param("now") Instant now);

    @Update("<script>UPDATE app_user SET updated_at = #{now}"
            + "<if test='role != null'>, role = #{role}</if>"
            + "<if test='disabled != null'>, disabled = #{disabled}</if>"
            // a new password ends any lockout earned with the old one
            + "<if test='passwordHash != null'>, password_hash = #{passwordHash}, failed_logins = 0, locked_until = NULL</if>"
            + " WHERE id = #{id}</script>")
    int update(@Param("id") long id, @Param("role") Role role, @Param("disabled") Boolean disabled,
            @Param("passwordHash") String passwordHash, @Param("now") Instant now);

    @Update("UPDATE app_user SET failed_logins = LAST_INSERT_ID(failed_logins + 1) WHERE id = #{id}")
    int incrementFailures(long id);

    /** Per connection: the value the increment above just stored. */
    @Select("SELECT LAST_INSERT_ID()")
    int lastCount();

    @Update("UPDATE app_user SET failed_logins = GREATEST(failed_logins, #{failedLogins}), locked_until = #{lockedUntil} "
            + "WHERE id = #{id}")
    void recordFailure(@Param("id") long id, @Param("failedLogins") int failedLogins,
            @Param("lockedUntil") Instant lockedUntil);

    @Update("UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = #{now} WHERE id = #{id}")
    void recordSuccess(@Param("id") long id, @Param("now") Instant now);

    @Select("SELECT " + USER_COLUMNS + " FROM app_user ORDER BY username LIMIT #{limit} OFFSET #{offset}")
    List<UserRecord> list(@Param("limit") int limit, @Param("offset") long offset);

    @Select("SELECT COUNT(*) FROM app_user")
    long count();

    @Insert("INSERT INTO user_session (token_hash, user_id, created_at, last_used_at, idle_expires_at, absolute_expires_at) "
            + "VALUES (#{tokenHash}, #{userId}, #{createdAt}, #{createdAt}, #{idleExpiresAt}, #{absoluteExpiresAt})")
    void insertSession(@Param("tokenHash") String tokenHash, @Param("userId") long userId,
            @Param("createdAt") Instant createdAt, @Param("idleExpiresAt") Instant idleExpiresAt,
            @Param("absoluteExpiresAt") Instant absoluteExpiresAt);

    @Select("SELECT s.token_hash, s.user_id, u.username, u.role, u.disabled AS user_disabled, s.last_used_at, "
            + "s.idle_expires_at, s.absolute_expires_at FROM user_session s JOIN app_user u ON u.id = s.user_id "
            + "WHERE s.token_hash = #{tokenHash}")
    SessionRecord findSession(String tokenHash);

    @Update("UPDATE user_session SET last_used_at = #{lastUsedAt}, idle_expires_at = #{idleExpiresAt} "
            + "WHERE token_hash = #{tokenHash}")
    void touchSession(@Param("tokenHash") String tokenHash, @Param("lastUsedAt") Instant lastUsedAt,
            @Param("idleExpiresAt") Instant idleExpiresAt);

    @Delete("DELETE FROM user_session WHERE token_hash = #{tokenHash}")
    void deleteSession(String tokenHash);

    @Delete("DELETE FROM user_session WHERE user_id = #{userId}")
    void deleteSessionsOf(long userId);

    @Delete("DELETE FROM user_session WHERE idle_expires_at <= #{now} OR absolute_expires_at <= #{now}")
    int deleteExpired(Instant now);
}
