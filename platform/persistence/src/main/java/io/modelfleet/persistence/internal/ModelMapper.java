package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.persistence.NewModelVersionRecord;

interface ModelMapper {

    @Select("SELECT COALESCE(MAX(ordinal), 0) FROM model_version WHERE name = #{name}")
    int maxOrdinal(String name);

    @Insert("INSERT INTO model_version (name, version, ordinal, format, sha256, size_bytes, artifact_key, signature, "
            + "metadata, metrics, stage, stream_id, training_run_id, dataset_version_id, parent_version_id, created_at, "
            + "created_by, updated_at, updated_by) VALUES (#{r.spec.name}, #{version}, #{ordinal}, #{r.spec.format}, "
            + "#{r.sha256}, #{r.sizeBytes}, #{r.artifactKey}, #{signature}, #{metadata}, #{metrics}, 'CANDIDATE', "
            + "#{r.spec.lineage.streamId}, #{r.spec.lineage.trainingRunId}, #{r.spec.lineage.datasetVersionId}, "
            + "#{r.spec.lineage.parentVersionId}, #{r.now}, #{r.actor}, #{r.now}, #{r.actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insert(@Param("key") EdgeMapper.Generated key, @Param("r") NewModelVersionRecord record,
            @Param("version") String version, @Param("ordinal") int ordinal, @Param("signature") String signature,
            @Param("metadata") String metadata, @Param("metrics") String metrics);

    @Select("SELECT " + ModelVersionRow.COLUMNS + " FROM model_version WHERE id = #{id}")
    ModelVersionRow find(long id);

    @Select("SELECT " + ModelVersionRow.COLUMNS + " FROM model_version WHERE name = #{name} AND version = #{version}")
    ModelVersionRow findByName(@Param("name") String name, @Param("version") String version);

    @Select("SELECT " + ModelVersionRow.COLUMNS + " FROM model_version WHERE name = #{name} ORDER BY ordinal DESC")
    List<ModelVersionRow> listVersions(String name);

    @Select("SELECT m.name, c.versions, m.version AS latest_version, m.id AS latest_version_id, c.updated_at "
            + "FROM (SELECT name, COUNT(*) AS versions, MAX(ordinal) AS ordinal, MAX(updated_at) AS updated_at "
            + "FROM model_version GROUP BY name) c JOIN model_version m ON m.name = c.name AND m.ordinal = c.ordinal "
            + "ORDER BY m.name")
    List<Model> listModels();

    @Select("SELECT artifact_key FROM model_version WHERE id = #{id}")
    String artifactKey(long id);

    @Update("UPDATE model_version SET stage = #{stage}, updated_at = #{now}, updated_by = #{actor} WHERE id = #{id}")
    int updateStage(@Param("id") long id, @Param("stage") ModelStage stage, @Param("actor") String actor,
            @Param("now") Instant now);

    // ---- Deletion ----

    @Select("SELECT " + ModelVersionRow.COLUMNS + " FROM model_version WHERE id = #{id} FOR UPDATE")
    ModelVersionRow lockVersion(long id);

    @Select("SELECT COUNT(*) FROM model_version WHERE name = #{name}")
    int versionCount(String name);

    /** Edges whose current deployment is of the version, whatever its status. */
    @Select("SELECT e.name FROM edge e JOIN edge_deployment d ON d.id = e.desired_deployment_id "
            + "WHERE d.model_version_id = #{id} ORDER BY e.name LIMIT 11")
    List<String> edgesAssigned(long id);

    /** Edges whose agent reported running it (name:version). */
    @Select("SELECT name FROM edge WHERE model_version = #{reference} ORDER BY name LIMIT 11")
    List<String> edgesRunning(String reference);

    @Select("SELECT COUNT(*) FROM edge_deployment WHERE model_version_id = #{id} "
            + "AND status IN ('PENDING', 'DOWNLOADING', 'VERIFIED')")
    long deploymentsUnderway(long id);

    /** Rollouts not finished that deliver the version or would roll edges back to it. */
    @Select("SELECT CONCAT('#', r.id, ' (', r.state, ')') FROM rollout r WHERE r.state NOT IN "
            + "('SUCCEEDED', 'FAILED', 'ABORTED', 'ROLLED_BACK') AND (r.model_version_id = #{id} OR EXISTS "
            + "(SELECT 1 FROM rollout_edge re WHERE re.rollout_id = r.id AND re.previous_model_version_id = #{id})) "
            + "ORDER BY r.id LIMIT 11")
    List<String> rolloutsUsing(long id);

    @Update("UPDATE model_version SET parent_version_id = #{parent} WHERE parent_version_id = #{id}")
    int spliceLineage(@Param("id") long id, @Param("parent") Long parent);

    /** Only finished ones are left when this runs; their edges, waves and gates go with them (ON DELETE CASCADE). */
    @Delete("DELETE FROM rollout WHERE model_version_id = #{id}")
    int deleteRollouts(long id);

    /** Only past (final, not current) deployments are left when this runs. */
    @Delete("DELETE FROM edge_deployment WHERE model_version_id = #{id}")
    int deleteDeployments(long id);

    @Delete("DELETE FROM model_version WHERE id = #{id}")
    int deleteVersion(long id);

    @Insert(GarbageMapper.QUEUE_BLOB)
    int queueBlob(@Param("key") String key, @Param("now") Instant now);
}
