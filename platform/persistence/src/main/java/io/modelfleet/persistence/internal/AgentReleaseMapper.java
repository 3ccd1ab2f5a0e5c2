package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

interface AgentReleaseMapper extends RecordsEdgeChanges {
    String RELEASE = "SELECT id, version, sha256, size_bytes, bundles, notes, created_at, created_by FROM agent_release ";
    String UPDATE = "SELECT u.id, u.edge_id, u.release_id, r.version, u.rollout_id, u.status, u.detail, u.created_at, "
            + "u.created_by, u.updated_at FROM edge_agent_update u JOIN agent_release r ON r.id = u.release_id ";

    record ReleaseRow(long id, String version, String sha256, long sizeBytes, String bundles, String notes,
            Instant createdAt, String createdBy) {
    }

    record SettingsRow(Integer heartbeatSeconds, Integer pollSeconds, Integer updateHealthSeconds) {
    }

    @Insert("INSERT INTO agent_release (version, sha256, size_bytes, bundles, notes, created_at, created_by) "
            + "VALUES (#{version}, #{sha256}, #{size}, #{bundles}, #{notes}, #{now}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insert(@Param("key") EdgeMapper.Generated key, @Param("version") String version, @Param("sha256") String sha256,
            @Param("size") long size, @Param("bundles") String bundles, @Param("notes") String notes,
            @Param("actor") String actor, @Param("now") Instant now);

    @Select(RELEASE + "WHERE id = #{id}")
    ReleaseRow find(long id);

    @Select(RELEASE + "ORDER BY id DESC LIMIT #{limit} OFFSET #{offset}")
    List<ReleaseRow> list(@Param("limit") int limit, @Param("offset") long offset);

    @Select("SELECT COUNT(*) FROM agent_release")
    long count();

    @Select(UPDATE + "WHERE u.id = #{id}")
    AgentUpdate findUpdate(long id);

    @Select(UPDATE + "WHERE u.edge_id = #{edgeId} ORDER BY u.id DESC LIMIT #{limit}")
    List<AgentUpdate> forEdge(@Param("edgeId") long edgeId, @Param("limit") int limit);

    /** ROLLED_BACK is final, as for deployments: a late report does not undo a rollback. */
    @Update("UPDATE edge_agent_update SET status = #{status}, detail = #{detail}, updated_at = #{now} "
            + "WHERE id = #{id} AND edge_id = #{edgeId} AND status <> 'ROLLED_BACK'")
    int updateStatus(@Param("edgeId") long edgeId, @Param("id") long updateId,
            @Param("status") EdgeDeploymentStatus status, @Param("detail") String detail, @Param("now") Instant now);

    @Select("SELECT COUNT(*) FROM edge_agent_update WHERE id = #{id} AND edge_id = #{edgeId}")
    int owns(@Param("edgeId") long edgeId, @Param("id") long updateId);

    @Select("SELECT heartbeat_seconds, poll_seconds, update_health_seconds FROM agent_settings "
            + "WHERE target_type = #{type} AND target_id = #{id}")
    SettingsRow settings(@Param("type") String type, @Param("id") long id);

    @Insert("INSERT INTO agent_settings (target_type, target_id, heartbeat_seconds, poll_seconds, update_health_seconds, "
            + "updated_at, updated_by) VALUES (#{type}, #{id}, #{s.heartbeatSeconds}, #{s.pollSeconds}, "
            + "#{s.updateHealthSeconds}, #{now}, #{actor}) ON DUPLICATE KEY UPDATE "
            + "heartbeat_seconds = VALUES(heartbeat_seconds), poll_seconds = VALUES(poll_seconds), "
            + "update_health_seconds = VALUES(update_health_seconds), updated_at = VALUES(updated_at), "
            + "updated_by = VALUES(updated_by)")
    int setSettings(@Param("type") String type, @Param("id") long id,
            @Param("s") io.modelfleet.api.deployment.AgentSettings settings, @Param("actor") String actor,
            @Param("now") Instant now);

    @Delete("DELETE FROM agent_settings WHERE target_type = #{type} AND target_id = #{id}")
    int clearSettings(@Param("type") String type, @Param("id") long id);
}
