package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.persistence.EdgeCredentialRecord;
import io.modelfleet.persistence.NewEdgeRecord;

interface EdgeMapper extends RecordsEdgeChanges {
    String TOKEN_COLUMNS = "id, description, max_uses, uses, expires_at, revoked, created_by, created_at";
    /** {@code search} arrives as a LIKE pattern whose literal '%', '_' and '!' are escaped with '!'. */
    String EDGE_FILTER = "<where>"
            + "<if test='q.state != null'> AND state = #{q.state}</if>"
            + "<if test=\"q.connection != null and q.connection.name() == 'ONLINE'\"> AND last_seen_at &gt;= #{onlineSince}</if>"
            + "<if test=\"q.connection != null and q.connection.name() == 'OFFLINE'\"> AND (last_seen_at IS NULL OR last_seen_at &lt; #{onlineSince})</if>"
            + "<if test='q.tagKey != null'> AND EXISTS (SELECT 1 FROM edge_tag t WHERE t.edge_id = edge.id AND t.tag_key = #{q.tagKey}"
            + "<if test='q.tagValue != null'> AND t.tag_value = #{q.tagValue}</if>)</if>"
            + "<if test='search != null'> AND (name LIKE #{search} ESCAPE '!' OR location LIKE #{search} ESCAPE '!'"
            + " OR description LIKE #{search} ESCAPE '!')</if>"
            + "</where>";

    /** Parameter holder for inserts that return generated ids. */
    final class Generated {
        long id;
    }

    record TagRow(long edgeId, String tagKey, String tagValue) {
    }

    record StateCount(EdgeState state, long total, long online) {
    }

    @Insert("INSERT INTO enrollment_token (token_hash, description, max_uses, expires_at, created_by, created_at) "
            + "VALUES (#{tokenHash}, #{description}, #{maxUses}, #{expiresAt}, #{createdBy}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertToken(@Param("key") Generated key, @Param("tokenHash") String tokenHash,
            @Param("description") String description, @Param("maxUses") int maxUses,
            @Param("expiresAt") Instant expiresAt, @Param("createdBy") String createdBy, @Param("now") Instant now);

    @Select("SELECT " + TOKEN_COLUMNS + " FROM enrollment_token WHERE id = #{id}")
    EnrollmentToken findToken(long id);

    @Select("<script>SELECT " + TOKEN_COLUMNS + " FROM enrollment_token"
            + "<if test='!includeInactive'> WHERE revoked = FALSE AND expires_at &gt; #{now} AND uses &lt; max_uses</if>"
            + " ORDER BY created_at DESC, id DESC</script>")
    List<EnrollmentToken> listTokens(@Param("includeInactive") boolean includeInactive, @Param("now") Instant now);

    @Update("UPDATE enrollment_token SET revoked = TRUE WHERE id = #{id}")
    int revokeToken(long id);

    /** The one check-and-use: concurrent enrollments can never use a token more than max_uses times. */
    @Update("UPDATE enrollment_token SET uses = uses + 1 WHERE token_hash = #{tokenHash} AND revoked = FALSE "
            + "AND expires_at > #{now} AND uses < max_uses")
    int consumeToken(@Param("tokenHash") String tokenHash, @Param("now") Instant now);

    @Select("SELECT id FROM enrollment_token WHERE token_hash = #{tokenHash}")
    Long tokenId(String tokenHash);

    @Insert("INSERT INTO edge (name, state, inference_status, credential_hash, hostname, os, os_version, arch, cpu, "
            + "cores, memory_bytes, gpu, agent_version, runtimes, enrollment_token_id, created_at, updated_at, "
            + "created_by, updated_by) VALUES (#{e.name}, 'PENDING', 'NO_MODEL', #{e.credentialHash}, #{d.hostname}, "
            + "#{d.os}, #{d.osVersion}, #{d.arch}, #{d.cpu}, #{d.cores}, #{d.memoryBytes}, #{d.gpu}, #{d.agentVersion}, "
            + "#{runtimes}, #{e.enrollmentTokenId}, #{e.now}, #{e.now}, #{actor}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertEdge(@Param("key") Generated key, @Param("e") NewEdgeRecord edge, @Param("d") DeviceInfo device,
            @Param("runtimes") String runtimes, @Param("actor") String actor);

    @Insert("INSERT INTO edge (name, description, location, state, inference_status, credential_hash, target_id, "
            + "created_at, updated_at, created_by, updated_by) VALUES (#{e.name}, #{e.description}, #{e.location}, "
            + "'APPROVED', 'NO_MODEL', #{hash}, #{e.target}, #{now}, #{now}, #{actor}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void registerEdge(@Param("key") Generated key, @Param("e") io.modelfleet.api.edge.EdgeRegistration edge,
            @Param("hash") String credentialHash, @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE edge SET credential_hash = #{hash}, updated_at = #{now}, updated_by = #{actor} WHERE id = #{id}")
    int setCredential(@Param("id") long id, @Param("hash") String credentialHash, @Param("actor") String actor,
            @Param("now") Instant now);

    @Select("SELECT id AS edge_id, credential_hash, state FROM edge WHERE id = #{id}")
    EdgeCredentialRecord credential(long id);

    @Select("<script>SELECT " + EdgeRow.COLUMNS + " FROM edge WHERE id = #{id}</script>")
    EdgeRow findEdge(@Param("id") long id, @Param("onlineSince") Instant onlineSince);

    @Select("<script>SELECT " + EdgeRow.COLUMNS + " FROM edge " + EDGE_FILTER
            + " ORDER BY id LIMIT #{q.page.limit} OFFSET #{q.page.offset}</script>")
    List<EdgeRow> listEdges(@Param("q") EdgeQuery query, @Param("search") String search,
            @Param("onlineSince") Instant onlineSince);

    @Select("<script>SELECT COUNT(*) FROM edge " + EDGE_FILTER + "</script>")
    long countEdges(@Param("q") EdgeQuery query, @Param("search") String search,
            @Param("onlineSince") Instant onlineSince);

    @Select("<script>SELECT edge_id, tag_key, tag_value FROM edge_tag WHERE edge_id IN "
            + "<foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach></script>")
    List<TagRow> tags(@Param("ids") List<Long> ids);

    /** Device facts are optional in a heartbeat: without them the stored ones stay. Last-seen never moves back. */
    @Update("<script>UPDATE edge SET model_version = #{h.modelVersion}, inference_status = #{h.inferenceStatus}, "
            + "last_seen_at = GREATEST(COALESCE(last_seen_at, #{seen}), #{seen})"
            + "<if test='h.device != null'>, hostname = #{h.device.hostname}, os = #{h.device.os}, "
            + "os_version = #{h.device.osVersion}, arch = #{h.device.arch}, cpu = #{h.device.cpu}, "
            + "cores = #{h.device.cores}, memory_bytes = #{h.device.memoryBytes}, gpu = #{h.device.gpu}, "
            + "agent_version = #{h.device.agentVersion}, runtimes = #{runtimes}</if>"
            + " WHERE id = #{id}</script>")
    void recordHeartbeat(@Param("id") long id, @Param("h") Heartbeat heartbeat, @Param("runtimes") String runtimes,
            @Param("seen") Instant seen);

    @Update("UPDATE edge SET last_seen_at = #{seen} WHERE id = #{id} AND (last_seen_at IS NULL OR last_seen_at < #{seen})")
    void touchLastSeen(@Param("id") long id, @Param("seen") Instant seen);

    @Update("<script>UPDATE edge SET updated_at = #{now}, updated_by = #{actor}"
            + "<if test='name != null'>, name = #{name}</if>"
            + "<if test='description != null'>, description = #{description}</if>"
            + "<if test='location != null'>, location = #{location}</if>"
            + "<if test='target != null'>, target_id = #{target}</if>"
            + " WHERE id = #{id}</script>")
    int updateEdge(@Param("id") long id, @Param("name") String name, @Param("description") String description,
            @Param("location") String location, @Param("target") String target, @Param("actor") String actor,
            @Param("now") Instant now);

    @Delete("DELETE FROM edge_tag WHERE edge_id = #{id}")
    void deleteTags(long id);

    @Insert("<script>INSERT INTO edge_tag (edge_id, tag_key, tag_value) VALUES "
            + "<foreach item='tag' collection='tags' separator=','>(#{tag.edgeId}, #{tag.tagKey}, #{tag.tagValue})"
            + "</foreach></script>")
    void insertTags(@Param("tags") List<TagRow> tags);

    @Update("UPDATE edge SET state = #{state}, updated_at = #{now}, updated_by = #{actor} WHERE id = #{id}")
    int updateState(@Param("id") long id, @Param("state") EdgeState state, @Param("actor") String actor,
            @Param("now") Instant now);

    @Select("SELECT state, COUNT(*) AS total, "
            + "COALESCE(SUM(last_seen_at IS NOT NULL AND last_seen_at >= #{onlineSince}), 0) AS online "
            + "FROM edge GROUP BY state")
    List<StateCount> summary(@Param("onlineSince") Instant onlineSince);

    // ---- Deletion: the edge row and what hangs on it, then (by choice) what it sent, in bounded batches ----

    @Select("SELECT name FROM edge WHERE id = #{id} FOR UPDATE")
    String lockEdgeName(long id);

    @Delete("DELETE FROM collection_policy WHERE target_type = 'EDGE' AND target_id = #{id}")
    int deleteEdgePolicy(long id);

    @Delete("DELETE FROM agent_settings WHERE target_type = 'EDGE' AND target_id = #{id}")
    int deleteEdgeSettings(long id);

    /** Tags, deployments, agent updates and rollout memberships go with it (ON DELETE CASCADE). */
    @Delete("DELETE FROM edge WHERE id = #{id}")
    int deleteEdge(long id);

    @Insert("INSERT INTO edge_purge (edge_id, edge_name, requested_at, requested_by) VALUES (#{id}, #{name}, #{now}, "
            + "#{actor}) ON DUPLICATE KEY UPDATE requested_at = #{now}")
    int queuePurge(@Param("id") long id, @Param("name") String name, @Param("actor") String actor,
            @Param("now") Instant now);

    @Select("SELECT edge_id FROM edge_purge ORDER BY requested_at, edge_id LIMIT #{limit}")
    List<Long> edgesToPurge(int limit);

    @Delete("DELETE FROM inference_result WHERE edge_id = #{id} LIMIT #{batch}")
    int purgeResults(@Param("id") long id, @Param("batch") int batch);

    @Delete("DELETE FROM inference_sample WHERE edge_id = #{id} LIMIT #{batch}")
    int purgeSamples(@Param("id") long id, @Param("batch") int batch);

    @Delete("DELETE FROM edge_event WHERE edge_id = #{id} LIMIT #{batch}")
    int purgeEvents(@Param("id") long id, @Param("batch") int batch);

    /** The edge's own hourly rollups (edge ids start at 1); the fleet's (edge 0) keep what it contributed, as history. */
    @Delete("DELETE FROM inference_rollup_hour WHERE edge_id = #{id} LIMIT #{batch}")
    int purgeRollups(@Param("id") long id, @Param("batch") int batch);

    @Delete("DELETE FROM edge_purge WHERE edge_id = #{id} AND requested_at < #{before}")
    int finishPurge(@Param("id") long id, @Param("before") Instant requestedBefore);
}
