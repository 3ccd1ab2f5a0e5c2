package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

interface RolloutMapper extends RecordsEdgeChanges {
    String ROLLOUT = "SELECT r.id, r.model_version_id, CONCAT(m.name, ':', m.version) AS model, r.selection, r.plan, "
            + "r.state, r.current_wave, r.wave_count, r.edge_count, "
            + "(SELECT COUNT(*) FROM rollout_edge s WHERE s.rollout_id = r.id AND s.wave = 0) AS skipped, r.message, r.stream_id, r.created_at, r.created_by, "
            + "r.updated_at, r.finished_at, r.agent_release_id, ar.version AS agent_release FROM rollout r "
            + "LEFT JOIN model_version m ON m.id = r.model_version_id LEFT JOIN agent_release ar ON ar.id = r.agent_release_id ";
    /**
     * A rollout_edge's deployment: an edge_deployment for model rollouts, an edge_agent_update for agent release
     * rollouts (needs the rollout as r and the edge as e).
     */
    String DELIVERY = "LEFT JOIN edge_deployment d ON d.id = re.deployment_id AND r.agent_release_id IS NULL "
            + "LEFT JOIN edge_agent_update au ON au.id = re.deployment_id AND r.agent_release_id IS NOT NULL ";
    String CURRENT = "COALESCE(CASE WHEN r.agent_release_id IS NULL THEN e.desired_deployment_id "
            + "ELSE e.desired_agent_update_id END = re.deployment_id, FALSE)";
    String FINAL = "('SUCCEEDED','FAILED','ABORTED','ROLLED_BACK')";
    String WAVES = " re.rollout_id = #{id} AND re.wave BETWEEN #{from} AND #{through} ";
    /** inference_result compares case-insensitively, model_version byte-wise: the reference takes the former. */
    String PREVIOUS_REFERENCE = "CONCAT(pm.name, ':', pm.version) COLLATE utf8mb4_unicode_ci";

    record RolloutRow(long id, Long modelVersionId, String model, String selection, String plan, RolloutState state,
            int currentWave, int waveCount, int edgeCount, int skipped, String message, Long streamId, Instant createdAt,
            String createdBy, Instant updatedAt, Instant finishedAt, Long agentReleaseId, String agentRelease) {
    }

    record CandidateRow(long edgeId, String name, String state, String target, String arch, Long memoryBytes,
            String gpu, String agentVersion, String runtimes) {
    }

    record WaveRow(int number, Instant startedAt, Instant settledAt, Instant finishedAt) {
    }

    record CountRow(int wave, String status, int n) {
    }

    record WaveEdgeRow(long edgeId, String edgeName, String target, int wave, long deploymentId, EdgeDeploymentStatus status,
            boolean applied, boolean current) {
    }

    record Lock(String state, String owner, Long modelVersionId, Long agentReleaseId, int currentWave) {
    }

    record MovedRow(long edgeId, Long previousModelVersionId, Long previousAgentReleaseId) {
    }

    record StatsRow(long results, Double meanScore, long lowConfidence) {
    }

    @Select("<script>SELECT e.id AS edge_id, e.name, e.state, e.target_id AS target, e.arch, e.memory_bytes, e.gpu, "
            + "e.agent_version, e.runtimes FROM edge e WHERE FALSE"
            + "<if test='ids.size() > 0'> OR e.id IN <foreach item='i' collection='ids' open='(' separator=',' close=')'>#{i}</foreach></if>"
            + "<if test='tagKey != null'> OR EXISTS (SELECT 1 FROM edge_tag t WHERE t.edge_id = e.id AND t.tag_key = #{tagKey}"
            + "<if test='tagValue != null'> AND t.tag_value = #{tagValue}</if>)</if>"
            + "<if test='target != null'> OR e.target_id = #{target}</if>"
            + " ORDER BY e.id</script>")
    List<CandidateRow> candidates(@Param("ids") Collection<Long> ids, @Param("tagKey") String tagKey,
            @Param("tagValue") String tagValue, @Param("target") String target);

    @Insert("INSERT INTO rollout (model_version_id, agent_release_id, selection, plan, state, wave_count, edge_count, stream_id, "
            + "created_at, created_by, updated_at) VALUES (#{r.modelVersionId}, #{r.agentReleaseId}, #{r.selection}, #{plan}, #{r.state}, "
            + "#{r.waveCount}, #{edgeCount}, #{r.streamId}, #{r.now}, #{r.actor}, #{r.now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insert(@Param("key") EdgeMapper.Generated key, @Param("r") io.modelfleet.persistence.NewRollout rollout,
            @Param("plan") String plan, @Param("edgeCount") int edgeCount);

    @Insert("<script>INSERT INTO rollout_edge (rollout_id, edge_id, wave, skipped_reason) VALUES "
            + "<foreach item='e' collection='edges' separator=','>(#{id}, #{e.edgeId}, #{e.wave}, #{e.skippedReason})</foreach></script>")
    void insertEdges(@Param("id") long id, @Param("edges") List<io.modelfleet.persistence.PlannedEdge> edges);

    @Insert("<script>INSERT INTO rollout_wave (rollout_id, number) VALUES "
            + "<foreach item='n' collection='numbers' separator=','>(#{id}, #{n})</foreach></script>")
    void insertWaves(@Param("id") long id, @Param("numbers") List<Integer> numbers);

    @Select("SELECT plan FROM stream_rollout_plan WHERE stream_id = #{id}")
    String streamPlan(long streamId);

    @Insert("INSERT INTO stream_rollout_plan (stream_id, plan, updated_at, updated_by) VALUES (#{id}, #{plan}, #{now}, #{actor}) "
            + "ON DUPLICATE KEY UPDATE plan = VALUES(plan), updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)")
    int setStreamPlan(@Param("id") long streamId, @Param("plan") String plan, @Param("actor") String actor,
            @Param("now") Instant now);

    @org.apache.ibatis.annotations.Delete("DELETE FROM stream_rollout_plan WHERE stream_id = #{id}")
    int clearStreamPlan(long streamId);

    @Select(ROLLOUT + "WHERE r.id = #{id}")
    RolloutRow find(long id);

    @Select("<script>" + ROLLOUT + "<if test='state != null'>WHERE r.state = #{state}</if> ORDER BY r.id DESC "
            + "LIMIT #{limit} OFFSET #{offset}</script>")
    List<RolloutRow> list(@Param("state") RolloutState state, @Param("limit") int limit, @Param("offset") long offset);

    @Select("<script>SELECT COUNT(*) FROM rollout<if test='state != null'> WHERE state = #{state}</if></script>")
    long count(@Param("state") RolloutState state);

    @Select("SELECT number, started_at, settled_at, finished_at FROM rollout_wave WHERE rollout_id = #{id} ORDER BY number")
    List<WaveRow> waves(long id);

    /** Per wave (0: skipped) and status of the rollout's deployment; WAITING before the wave started. */
    @Select("SELECT re.wave, COALESCE(d.status, au.status, 'WAITING') AS status, COUNT(*) AS n FROM rollout_edge re "
            + "JOIN rollout r ON r.id = re.rollout_id " + DELIVERY + "WHERE re.rollout_id = #{id} "
            + "GROUP BY re.wave, COALESCE(d.status, au.status, 'WAITING')")
    List<CountRow> counts(long id);

    @Select("<script>SELECT re.edge_id, e.name AS edge_name, e.target_id AS target, re.wave, re.skipped_reason, "
            + "CONCAT(pm.name, ':', pm.version) AS previous_model, re.deployment_id, COALESCE(d.status, au.status) AS status, "
            + "COALESCE(d.detail, au.detail) AS detail, re.rollback_deployment_id, COALESCE(rd.status, rau.status) AS rollback_status, "
            + "par.version AS previous_agent_release FROM rollout_edge re JOIN edge e ON e.id = re.edge_id "
            + "JOIN rollout r ON r.id = re.rollout_id " + DELIVERY
            + "LEFT JOIN model_version pm ON pm.id = re.previous_model_version_id "
            + "LEFT JOIN agent_release par ON par.id = re.previous_agent_release_id "
            + "LEFT JOIN edge_deployment rd ON rd.id = re.rollback_deployment_id AND r.agent_release_id IS NULL "
            + "LEFT JOIN edge_agent_update rau ON rau.id = re.rollback_deployment_id AND r.agent_release_id IS NOT NULL "
            + "WHERE re.rollout_id = #{id}<if test='wave != null'> AND re.wave = #{wave}</if> ORDER BY re.wave, re.edge_id</script>")
    List<RolloutEdge> edges(@Param("id") long id, @Param("wave") Integer wave);

    @Select("SELECT wave, at, gate, metric, value, threshold, passed, decisive, detail FROM rollout_gate "
            + "WHERE rollout_id = #{id} ORDER BY id")
    List<GateResult> gates(long id);

    @Update("<script>UPDATE rollout SET state = #{to}, message = #{message}, updated_at = #{now}"
            + "<if test='to.finished()'>, finished_at = #{now}, owner = NULL, lease_until = NULL</if>"
            + " WHERE id = #{id} AND state IN <foreach item='s' collection='from' open='(' separator=',' close=')'>#{s}</foreach></script>")
    int transition(@Param("id") long id, @Param("from") Collection<RolloutState> from, @Param("to") RolloutState to,
            @Param("message") String message, @Param("now") Instant now);

    @Update("<script>UPDATE rollout SET state = #{to}, message = #{message}, updated_at = #{now}"
            + "<if test='to.finished()'>, finished_at = #{now}, owner = NULL, lease_until = NULL</if>"
            + " WHERE id = #{id} AND owner = #{owner} AND state = 'RUNNING'</script>")
    int finish(@Param("id") long id, @Param("owner") String owner, @Param("to") RolloutState to,
            @Param("message") String message, @Param("now") Instant now);

    @Update("UPDATE rollout SET owner = #{owner}, lease_until = #{leaseUntil} WHERE state = 'RUNNING' "
            + "AND (owner IS NULL OR owner = #{owner} OR lease_until IS NULL OR lease_until < #{now})")
    int claim(@Param("owner") String owner, @Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil);

    @Select("SELECT id FROM rollout WHERE owner = #{owner} AND state = 'RUNNING' ORDER BY id")
    List<Long> owned(String owner);

    @Select("SELECT state, owner, model_version_id, agent_release_id, current_wave FROM rollout WHERE id = #{id} FOR UPDATE")
    Lock lock(long id);

    @Select("SELECT re.edge_id FROM rollout_edge re JOIN edge e ON e.id = re.edge_id WHERE re.rollout_id = #{id} "
            + "AND re.wave = #{wave} ORDER BY re.edge_id FOR UPDATE")
    List<Long> lockWaveEdges(@Param("id") long id, @Param("wave") int wave);

    @Update("UPDATE rollout_edge re JOIN edge e ON e.id = re.edge_id "
            + "LEFT JOIN edge_deployment d ON d.id = e.desired_deployment_id "
            + "SET re.previous_deployment_id = e.desired_deployment_id, re.previous_model_version_id = d.model_version_id "
            + "WHERE re.rollout_id = #{id} AND re.wave = #{wave}")
    int recordPrevious(@Param("id") long id, @Param("wave") int wave);

    @Insert("INSERT INTO edge_deployment (edge_id, model_version_id, rollout_id, status, created_at, created_by, updated_at) "
            + "SELECT re.edge_id, #{modelVersionId}, #{id}, 'PENDING', #{now}, #{actor}, #{now} FROM rollout_edge re "
            + "WHERE re.rollout_id = #{id} AND re.wave = #{wave} ORDER BY re.edge_id")
    int insertDeployments(@Param("id") long id, @Param("wave") int wave, @Param("modelVersionId") long modelVersionId,
            @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE rollout_edge re JOIN edge_deployment d ON d.rollout_id = re.rollout_id AND d.edge_id = re.edge_id "
            + "SET re.deployment_id = d.id WHERE re.rollout_id = #{id} AND re.wave = #{wave} AND re.deployment_id IS NULL")
    int linkDeployments(@Param("id") long id, @Param("wave") int wave);

    @Update("UPDATE edge e JOIN rollout_edge re ON re.edge_id = e.id SET e.desired_deployment_id = re.deployment_id "
            + "WHERE re.rollout_id = #{id} AND re.wave = #{wave}")
    int makeCurrent(@Param("id") long id, @Param("wave") int wave);

    @Update("UPDATE rollout_edge re JOIN edge e ON e.id = re.edge_id "
            + "LEFT JOIN edge_agent_update u ON u.id = e.desired_agent_update_id "
            + "SET re.previous_deployment_id = e.desired_agent_update_id, re.previous_agent_release_id = u.release_id "
            + "WHERE re.rollout_id = #{id} AND re.wave = #{wave}")
    int recordPreviousAgent(@Param("id") long id, @Param("wave") int wave);

    /** Agents pull their updates: a wave's are handed over as they are made. */
    @Insert("INSERT INTO edge_agent_update (edge_id, release_id, rollout_id, status, created_at, created_by, updated_at) "
            + "SELECT re.edge_id, #{releaseId}, #{id}, 'PENDING', #{now}, #{actor}, #{now} FROM rollout_edge re "
            + "WHERE re.rollout_id = #{id} AND re.wave = #{wave} ORDER BY re.edge_id")
    int insertAgentUpdates(@Param("id") long id, @Param("wave") int wave, @Param("releaseId") long releaseId,
            @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE rollout_edge re JOIN edge_agent_update u ON u.rollout_id = re.rollout_id AND u.edge_id = re.edge_id "
            + "SET re.deployment_id = u.id, re.applied = TRUE WHERE re.rollout_id = #{id} AND re.wave = #{wave} "
            + "AND re.deployment_id IS NULL")
    int linkAgentUpdates(@Param("id") long id, @Param("wave") int wave);

    @Update("UPDATE edge e JOIN rollout_edge re ON re.edge_id = e.id SET e.desired_agent_update_id = re.deployment_id "
            + "WHERE re.rollout_id = #{id} AND re.wave = #{wave}")
    int makeAgentCurrent(@Param("id") long id, @Param("wave") int wave);

    @Update("UPDATE rollout SET current_wave = #{wave}, updated_at = #{now} WHERE id = #{id}")
    int setCurrentWave(@Param("id") long id, @Param("wave") int wave, @Param("now") Instant now);

    @Update("UPDATE rollout_wave SET started_at = #{now} WHERE rollout_id = #{id} AND number = #{wave}")
    int waveStarted(@Param("id") long id, @Param("wave") int wave, @Param("now") Instant now);

    @Update("UPDATE rollout_wave SET settled_at = #{now} WHERE rollout_id = #{id} AND number = #{wave} AND settled_at IS NULL")
    int waveSettled(@Param("id") long id, @Param("wave") int wave, @Param("now") Instant now);

    @Update("UPDATE rollout_wave SET finished_at = #{now} WHERE rollout_id = #{id} AND number = #{wave} AND finished_at IS NULL")
    int waveFinished(@Param("id") long id, @Param("wave") int wave, @Param("now") Instant now);

    @Select(DeploymentMapper.SELECT + "JOIN rollout_edge re ON re.deployment_id = d.id WHERE re.rollout_id = #{id} "
            + "AND re.wave = #{wave} ORDER BY d.edge_id")
    List<EdgeDeployment> waveDeployments(@Param("id") long id, @Param("wave") int wave);

    @Select("SELECT re.edge_id, e.name AS edge_name, e.target_id AS target, re.wave, re.deployment_id, "
            + "COALESCE(d.status, au.status) AS status, re.applied, " + CURRENT + " AS current FROM rollout_edge re "
            + "JOIN edge e ON e.id = re.edge_id JOIN rollout r ON r.id = re.rollout_id " + DELIVERY + "WHERE" + WAVES
            + "AND re.deployment_id IS NOT NULL ORDER BY re.edge_id")
    List<WaveEdgeRow> waveEdges(@Param("id") long id, @Param("from") int from, @Param("through") int through);

    @Select("SELECT t.edge_id, t.tag_key, t.tag_value FROM edge_tag t JOIN rollout_edge re ON re.edge_id = t.edge_id "
            + "WHERE" + WAVES)
    List<EdgeMapper.TagRow> waveTags(@Param("id") long id, @Param("from") int from, @Param("through") int through);

    @Update("<script>UPDATE rollout_edge SET applied = TRUE WHERE rollout_id = #{id} AND edge_id IN "
            + "<foreach item='e' collection='edges' open='(' separator=',' close=')'>#{e}</foreach></script>")
    int markApplied(@Param("id") long id, @Param("edges") Collection<Long> edgeIds);

    @Select("SELECT COUNT(*) FROM rollout WHERE id = #{id} AND owner = #{owner} AND state = 'RUNNING'")
    int holds(@Param("id") long id, @Param("owner") String owner);

    @Insert("<script>INSERT INTO rollout_gate (rollout_id, wave, at, gate, metric, value, threshold, passed, decisive, detail) "
            + "VALUES <foreach item='g' collection='gates' separator=','>(#{id}, #{g.wave}, #{g.at}, #{g.gate}, #{g.metric}, "
            + "#{g.value}, #{g.threshold}, #{g.passed}, #{g.decisive}, #{g.detail})</foreach></script>")
    void insertGates(@Param("id") long id, @Param("gates") List<GateResult> gates);

    /** Edges whose current deployment is still this rollout's and not yet rolled back. */
    @Select("SELECT re.edge_id, re.previous_model_version_id, re.previous_agent_release_id FROM rollout_edge re "
            + "JOIN edge e ON e.id = re.edge_id JOIN rollout r ON r.id = re.rollout_id "
            + "WHERE re.rollout_id = #{id} AND re.deployment_id IS NOT NULL AND " + CURRENT + " "
            + "AND re.rollback_deployment_id IS NULL ORDER BY re.edge_id FOR UPDATE")
    List<MovedRow> movable(long id);

    @Insert("INSERT INTO edge_agent_update (edge_id, release_id, rollout_id, status, detail, created_at, created_by, updated_at) "
            + "VALUES (#{edgeId}, #{releaseId}, #{id}, 'PENDING', #{detail}, #{now}, #{actor}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertRollbackAgentUpdate(@Param("key") EdgeMapper.Generated key, @Param("id") long id,
            @Param("edgeId") long edgeId, @Param("releaseId") long releaseId, @Param("detail") String detail,
            @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE edge SET desired_agent_update_id = #{updateId} WHERE id = #{edgeId}")
    int setDesiredAgent(@Param("edgeId") long edgeId, @Param("updateId") Long updateId);

    @Update("<script>UPDATE edge_agent_update u JOIN rollout_edge re ON re.deployment_id = u.id "
            + "SET u.status = 'ROLLED_BACK', u.detail = #{detail}, u.updated_at = #{now} WHERE re.rollout_id = #{id} "
            + "AND u.status NOT IN ('FAILED', 'ROLLED_BACK') AND re.edge_id IN <foreach item='e' collection='edges' open='(' separator=',' close=')'>#{e}</foreach></script>")
    int markAgentRolledBack(@Param("id") long id, @Param("edges") Collection<Long> edgeIds, @Param("detail") String detail,
            @Param("now") Instant now);

    @Insert("INSERT INTO edge_deployment (edge_id, model_version_id, rollout_id, status, detail, created_at, created_by, updated_at) "
            + "VALUES (#{edgeId}, #{modelVersionId}, #{id}, 'PENDING', #{detail}, #{now}, #{actor}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertRollbackDeployment(@Param("key") EdgeMapper.Generated key, @Param("id") long id,
            @Param("edgeId") long edgeId, @Param("modelVersionId") long modelVersionId, @Param("detail") String detail,
            @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE rollout_edge SET rollback_deployment_id = #{deploymentId} WHERE rollout_id = #{id} AND edge_id = #{edgeId}")
    int setRollbackDeployment(@Param("id") long id, @Param("edgeId") long edgeId, @Param("deploymentId") long deploymentId);

    @Update("UPDATE edge SET desired_deployment_id = #{deploymentId} WHERE id = #{edgeId}")
    int setDesired(@Param("edgeId") long edgeId, @Param("deploymentId") Long deploymentId);

    /** Deployments that FAILED or that their agent ROLLED_BACK keep their own status and reason. */
    @Update("<script>UPDATE edge_deployment d JOIN rollout_edge re ON re.deployment_id = d.id "
            + "SET d.status = 'ROLLED_BACK', d.detail = #{detail}, d.updated_at = #{now} WHERE re.rollout_id = #{id} "
            + "AND d.status NOT IN ('FAILED', 'ROLLED_BACK') AND re.edge_id IN <foreach item='e' collection='edges' open='(' separator=',' close=')'>#{e}</foreach></script>")
    int markRolledBack(@Param("id") long id, @Param("edges") Collection<Long> edgeIds, @Param("detail") String detail,
            @Param("now") Instant now);

    /** {@code ref} null: whatever model ran (agent release rollouts compare before and after on the same edges). */
    @Select("<script>SELECT COUNT(r.id) AS results, AVG(r.score) AS mean_score, COALESCE(SUM(r.score &lt; #{low}), 0) AS low_confidence "
            + "FROM rollout_edge re JOIN inference_result r ON r.edge_id = re.edge_id<if test='ref != null'> AND r.model_version = #{ref}</if> "
            + "AND r.time &gt;= #{start} AND r.time &lt; #{end} WHERE" + WAVES + "</script>")
    StatsRow quality(@Param("id") long id, @Param("from") int from, @Param("through") int through,
            @Param("ref") String reference, @Param("start") Instant start, @Param("end") Instant end,
            @Param("low") double low);

    @Select("<script>SELECT COUNT(*) FROM rollout_edge re JOIN edge_event ev ON ev.edge_id = re.edge_id "
            + "AND ev.kind = 'INFERENCE_FAILURE'<if test='ref != null'> AND ev.model_version = #{ref}</if> "
            + "AND ev.time &gt;= #{start} AND ev.time &lt; #{end} WHERE" + WAVES + "</script>")
    long failures(@Param("id") long id, @Param("from") int from, @Param("through") int through,
            @Param("ref") String reference, @Param("start") Instant start, @Param("end") Instant end);

    @Select("SELECT COUNT(r.id) AS results, AVG(r.score) AS mean_score, COALESCE(SUM(r.score < #{low}), 0) AS low_confidence "
            + "FROM rollout_edge re JOIN model_version pm ON pm.id = re.previous_model_version_id "
            + "JOIN inference_result r ON r.edge_id = re.edge_id AND r.model_version = " + PREVIOUS_REFERENCE
            + " AND r.time >= #{start} AND r.time < #{end} WHERE" + WAVES)
    StatsRow previousQuality(@Param("id") long id, @Param("from") int from, @Param("through") int through,
            @Param("start") Instant start, @Param("end") Instant end, @Param("low") double low);

    @Select("SELECT COUNT(*) FROM rollout_edge re JOIN model_version pm ON pm.id = re.previous_model_version_id "
            + "JOIN edge_event ev ON ev.edge_id = re.edge_id AND ev.kind = 'INFERENCE_FAILURE' "
            + "AND ev.model_version = " + PREVIOUS_REFERENCE + " AND ev.time >= #{start} AND ev.time < #{end} WHERE" + WAVES)
    long previousFailures(@Param("id") long id, @Param("from") int from, @Param("through") int through,
            @Param("start") Instant start, @Param("end") Instant end);
}
