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
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

interface DeploymentMapper extends RecordsEdgeChanges {
    String SELECT = "SELECT d.id, d.edge_id, e.name AS edge_name, d.model_version_id, m.name AS model_name, "
            + "m.version AS model_version, d.status, d.detail, COALESCE(e.desired_deployment_id = d.id, FALSE) AS current, "
            + "d.created_at, d.created_by, d.updated_at FROM edge_deployment d JOIN edge e ON e.id = d.edge_id "
            + "JOIN model_version m ON m.id = d.model_version_id ";

    @Select("<script>SELECT e.id FROM edge e WHERE e.state = 'APPROVED' AND EXISTS (SELECT 1 FROM edge_tag t "
            + "WHERE t.edge_id = e.id AND t.tag_key = #{tagKey}<if test='tagValue != null'> AND t.tag_value = #{tagValue}</if>)"
            + " ORDER BY e.id</script>")
    List<Long> approvedEdgesWithTag(@Param("tagKey") String tagKey, @Param("tagValue") String tagValue);

    /** Locks the edges in id order, so concurrent assignments serialize per edge and cannot deadlock. */
    @Select("<script>SELECT id FROM edge WHERE id IN <foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach>"
            + " ORDER BY id FOR UPDATE</script>")
    List<Long> lockEdges(@Param("ids") Collection<Long> ids);

    @Insert("INSERT INTO edge_deployment (edge_id, model_version_id, status, created_at, created_by, updated_at) "
            + "VALUES (#{edgeId}, #{modelVersionId}, 'PENDING', #{now}, #{actor}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insert(@Param("key") EdgeMapper.Generated key, @Param("edgeId") long edgeId,
            @Param("modelVersionId") long modelVersionId, @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE edge SET desired_deployment_id = #{deploymentId} WHERE id = #{edgeId}")
    int setCurrent(@Param("edgeId") long edgeId, @Param("deploymentId") long deploymentId);

    @Select(SELECT + "WHERE d.id = #{id}")
    EdgeDeployment find(long id);

    @Select(SELECT + "WHERE d.edge_id = #{edgeId} ORDER BY d.id DESC LIMIT #{limit}")
    List<EdgeDeployment> forEdge(@Param("edgeId") long edgeId, @Param("limit") int limit);

    @Select(SELECT + "WHERE d.model_version_id = #{id} AND e.desired_deployment_id = d.id ORDER BY e.name")
    List<EdgeDeployment> currentForModelVersion(long id);

    /** ROLLED_BACK is final: a late report from an agent does not undo a rollback. */
    @Update("UPDATE edge_deployment SET status = #{status}, detail = #{detail}, updated_at = #{now} "
            + "WHERE id = #{id} AND edge_id = #{edgeId} AND status <> 'ROLLED_BACK'")
    int updateStatus(@Param("edgeId") long edgeId, @Param("id") long deploymentId,
            @Param("status") EdgeDeploymentStatus status, @Param("detail") String detail, @Param("now") Instant now);

    /**
     * The edge's current deployment and effective collection policy (its own, else that of its model's stream), its
     * agent update and effective agent settings (per field the edge's, else the fleet's).
     */
    @Select("SELECT e.desired_deployment_id AS deploymentId, COALESCE("
            + "(SELECT p.policy FROM collection_policy p WHERE p.target_type = 'EDGE' AND p.target_id = e.id), "
            + "(SELECT p.policy FROM collection_policy p JOIN edge_deployment d ON d.id = e.desired_deployment_id "
            + "JOIN model_version m ON m.id = d.model_version_id WHERE p.target_type = 'STREAM' AND p.target_id = m.stream_id)"
            + ") AS collectionPolicy, e.target_id AS target, e.desired_agent_update_id AS agentUpdateId, "
            + "COALESCE(se.heartbeat_seconds, sf.heartbeat_seconds) AS heartbeatSeconds, "
            + "COALESCE(se.poll_seconds, sf.poll_seconds) AS pollSeconds, "
            + "COALESCE(se.update_health_seconds, sf.update_health_seconds) AS updateHealthSeconds FROM edge e "
            + "LEFT JOIN agent_settings se ON se.target_type = 'EDGE' AND se.target_id = e.id "
            + "LEFT JOIN agent_settings sf ON sf.target_type = 'FLEET' AND sf.target_id = 0 WHERE e.id = #{edgeId}")
    io.modelfleet.persistence.DesiredTarget desiredTarget(long edgeId);

    @Select("SELECT policy FROM collection_policy WHERE target_type = #{type} AND target_id = #{id}")
    String collectionPolicy(@Param("type") String targetType, @Param("id") long targetId);

    @Insert("INSERT INTO collection_policy (target_type, target_id, policy, updated_at, updated_by) "
            + "VALUES (#{type}, #{id}, #{policy}, #{now}, #{actor}) "
            + "ON DUPLICATE KEY UPDATE policy = VALUES(policy), updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)")
    int setCollectionPolicy(@Param("type") String targetType, @Param("id") long targetId, @Param("policy") String policy,
            @Param("now") Instant now, @Param("actor") String actor);

    @org.apache.ibatis.annotations.Delete("DELETE FROM collection_policy WHERE target_type = #{type} AND target_id = #{id}")
    int clearCollectionPolicy(@Param("type") String targetType, @Param("id") long targetId);

    @Select("SELECT COUNT(*) FROM edge_deployment WHERE id = #{id} AND edge_id = #{edgeId}")
    int owned(@Param("edgeId") long edgeId, @Param("id") long deploymentId);
}
