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
    String USER_COLUMNS = "id, username, password_hash, role, disabled, created_at, last_login_at, directory, "
            + "display_name, email";

    /** Case-insensitive: username_key is LOWER(username), unique. */
    @Select("SELECT " + USER_COLUMNS + " FROM app_user WHERE username_key = LOWER(#{username})")
    UserRecord findByUsername(String username);

    @Insert("INSERT INTO app_user (username, password_hash, role, created_at, updated_at) "
            + "VALUES (#{username}, #{passwordHash}, #{role}, #{now}, #{now})")
    void insert(@Param("username") String username, @Param("passwordHash") String passwordHash,
            @Param("role") Role role, @Param("now") Instant now);

    @Update("<script>UPDATE app_user SET updated_at = #{now}"
            + "<if test='role != null'>, role = #{role}</if>"
            + "<if test='disabled != null'>, disabled = #{disabled}</if>"
            + "<if test='passwordHash != null'>, password_hash = #{passwordHash}</if>"
            + " WHERE id = #{id}</script>")
    int update(@Param("id") long id, @Param("role") Role role, @Param("disabled") Boolean disabled,
            @Param("passwordHash") String passwordHash, @Param("now") Instant now);

    /** A directory user as the directory describes it now; a local account of that name is left alone. */
    @Insert("INSERT INTO app_user (username, password_hash, role, directory, display_name, email, created_at, updated_at) "
            + "VALUES (#{username}, #{marker}, #{role}, TRUE, #{displayName}, #{email}, #{now}, #{now}) "
            + "ON DUPLICATE KEY UPDATE role = IF(directory, VALUES(role), role), "
            + "display_name = IF(directory, VALUES(display_name), display_name), "
            + "email = IF(directory, VALUES(email), email), updated_at = IF(directory, VALUES(updated_at), updated_at)")
    void upsertDirectoryUser(@Param("username") String username, @Param("marker") String marker, @Param("role") Role role,
            @Param("displayName") String displayName, @Param("email") String email, @Param("now") Instant now);

    @Update("UPDATE app_user SET last_login_at = #{now} WHERE id = #{id}")
    void recordSuccess(@Param("id") long id, @Param("now") Instant now);

    /** Counts one failure (LAST_INSERT_ID() then holds the count); failures before forgetBefore no longer count. */
    @Insert("INSERT INTO login_throttle (throttle_key, failures, last_failure_at) VALUES (#{key}, LAST_INSERT_ID(1), #{now}) "
            + "ON DUPLICATE KEY UPDATE failures = LAST_INSERT_ID(IF(last_failure_at < #{forgetBefore}, 1, failures + 1)), "
            + "last_failure_at = #{now}")
    void countFailure(@Param("key") String key, @Param("now") Instant now, @Param("forgetBefore") Instant forgetBefore);

    /** Per connection: the value the count above just stored. */
    @Select("SELECT LAST_INSERT_ID()")
    int lastCount();

    /** Blocks only ever get longer here, so servers counting the same key at once cannot shorten each other's. */
    @Update("UPDATE login_throttle SET blocked_until = GREATEST(COALESCE(blocked_until, #{until}), #{until}) "
            + "WHERE throttle_key = #{key}")
    void block(@Param("key") String key, @Param("until") Instant until);

    @Select("<script>SELECT MAX(blocked_until) FROM login_throttle WHERE throttle_key IN "
            + "<foreach item='key' collection='keys' open='(' separator=',' close=')'>#{key}</foreach></script>")
    Instant blockedUntil(@Param("keys") List<String> keys);

    @Delete("DELETE FROM login_throttle WHERE throttle_key = #{key}")
    void clearThrottle(String key);

    @Delete("DELETE FROM login_throttle WHERE last_failure_at < #{forgetBefore} "
            + "AND (blocked_until IS NULL OR blocked_until < #{now})")
    int deleteStaleThrottles(@Param("now") Instant now, @Param("forgetBefore") Instant forgetBefore);

    @Select("SELECT " + USER_COLUMNS + " FROM app_user ORDER BY username LIMIT #{limit} OFFSET #{offset}")
    List<UserRecord> list(@Param("limit") int limit, @Param("offset") long offset);

    @Select("SELECT COUNT(*) FROM app_user")
    long count();

    @Insert("INSERT INTO user_session (token_hash, user_id, created_at, last_used_at, idle_expires_at, absolute_expires_at) "
            + "VALUES (#{tokenHash}, #{userId}, #{createdAt}, #{createdAt}, #{idleExpiresAt}, #{absoluteExpiresAt})")
    void insertSession(@Param("tokenHash") String tokenHash, @Param("userId") long userId,
            @Param("createdAt") Instant createdAt, @Param("idleExpiresAt") Instant idleExpiresAt,
            @Param("absoluteExpiresAt") Instant absoluteExpiresAt);

    @Insert("INSERT INTO user_session (token_hash, user_id, created_at, last_used_at, idle_expires_at, absolute_expires_at) "
            + "SELECT #{tokenHash}, id, #{createdAt}, #{createdAt}, #{idleExpiresAt}, #{absoluteExpiresAt} FROM app_user "
            + "WHERE id = #{userId} AND password_hash = #{passwordHash}")
    int insertSessionIfPassword(@Param("tokenHash") String tokenHash, @Param("userId") long userId,
            @Param("passwordHash") String passwordHash, @Param("createdAt") Instant createdAt,
            @Param("idleExpiresAt") Instant idleExpiresAt, @Param("absoluteExpiresAt") Instant absoluteExpiresAt);

    @Update("UPDATE app_user SET password_hash = #{newHash}, updated_at = #{now} WHERE id = #{id} "
            + "AND password_hash = #{expectedHash}")
    int replacePassword(@Param("id") long id, @Param("expectedHash") String expectedHash,
            @Param("newHash") String newHash, @Param("now") Instant now);

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
