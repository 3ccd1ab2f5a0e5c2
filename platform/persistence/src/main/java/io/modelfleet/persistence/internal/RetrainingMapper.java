package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingStep;
import io.modelfleet.persistence.RetrainingStore.StepResult;
import io.modelfleet.persistence.RetrainingStore.TriggeredAlert;

public interface RetrainingMapper {

    record PolicyRow(boolean enabled, String source, Double maxScore, int maxItems, boolean waitForLabels,
            String gateMetric, Double gateMinValue, Double gateMaxDrop, boolean autoApprove, int cooldownMinutes) {
    }

    record RetrainingRow(long id, long streamId, String streamName, Long alertId, String triggerText, String state,
            String message, String importOptions, Long importJobId, Long importedItems, Long datasetVersionId,
            Long trainingRunId, Long modelVersionId, String replacesVersion, Long rolloutId, Instant createdAt,
            String createdBy, Instant updatedAt, Instant finishedAt) {
    }

    String SELECT = "SELECT r.id, r.stream_id, s.name AS stream_name, r.alert_id, r.trigger_text, r.state, r.message, "
            + "r.import_options, r.import_job_id, r.imported_items, r.dataset_version_id, r.training_run_id, "
            + "r.model_version_id, r.replaces_version, r.rollout_id, r.created_at, r.created_by, r.updated_at, "
            + "r.finished_at FROM retraining r JOIN stream s ON s.id = r.stream_id ";

    @Select("SELECT enabled, source, max_score, max_items, wait_for_labels, gate_metric, gate_min_value, gate_max_drop, "
            + "auto_approve, cooldown_minutes FROM retraining_policy WHERE stream_id = #{streamId}")
    PolicyRow policy(@Param("streamId") long streamId);

    @Select("SELECT rule_id FROM retraining_trigger WHERE stream_id = #{streamId} ORDER BY rule_id")
    List<Long> triggers(@Param("streamId") long streamId);

    @Insert("INSERT INTO retraining_policy (stream_id, enabled, source, max_score, max_items, wait_for_labels, "
            + "gate_metric, gate_min_value, gate_max_drop, auto_approve, cooldown_minutes, updated_at, updated_by) "
            + "VALUES (#{streamId}, #{p.enabled}, #{p.source}, #{p.maxScore}, #{p.maxItems}, #{p.waitForLabels}, "
            + "#{p.gateMetric}, #{p.gateMinValue}, #{p.gateMaxDrop}, #{p.autoApprove}, #{p.cooldownMinutes}, #{now}, "
            + "#{actor}) ON DUPLICATE KEY UPDATE enabled = VALUES(enabled), source = VALUES(source), "
            + "max_score = VALUES(max_score), max_items = VALUES(max_items), wait_for_labels = VALUES(wait_for_labels), "
            + "gate_metric = VALUES(gate_metric), gate_min_value = VALUES(gate_min_value), "
            + "gate_max_drop = VALUES(gate_max_drop), auto_approve = VALUES(auto_approve), "
            + "cooldown_minutes = VALUES(cooldown_minutes), updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)")
    int upsertPolicy(@Param("streamId") long streamId, @Param("p") RetrainingPolicy policy, @Param("actor") String actor,
            @Param("now") Instant now);

    @Delete("DELETE FROM retraining_trigger WHERE stream_id = #{streamId}")
    int clearTriggers(@Param("streamId") long streamId);

    @Insert("<script>INSERT INTO retraining_trigger (stream_id, rule_id) VALUES <foreach item='r' collection='ruleIds' "
            + "separator=','>(#{streamId}, #{r})</foreach></script>")
    int insertTriggers(@Param("streamId") long streamId, @Param("ruleIds") List<Long> ruleIds);

    @Delete("DELETE FROM retraining_policy WHERE stream_id = #{streamId}")
    int deletePolicy(@Param("streamId") long streamId);

    /**
     * Open alerts only (open_subject set), so an alert resolved long ago never starts one; streams with a retraining
     * under way are left out, so their alerts do not crowd out other streams'.
     */
    @Select("SELECT a.id AS alert_id, t.stream_id, a.rule_id, a.fired_at FROM alert a "
            + "JOIN retraining_trigger t ON t.rule_id = a.rule_id "
            + "JOIN retraining_policy p ON p.stream_id = t.stream_id AND p.enabled = 1 "
            + "WHERE a.open_subject IS NOT NULL AND a.state IN ('FIRING', 'ACKNOWLEDGED') "
            + "AND NOT EXISTS (SELECT 1 FROM retraining r WHERE r.alert_id = a.id) "
            + "AND NOT EXISTS (SELECT 1 FROM retraining b WHERE b.active_stream = t.stream_id) "
            + "ORDER BY a.id LIMIT #{limit}")
    List<TriggeredAlert> untriggeredAlerts(@Param("limit") int limit);

    @Update("UPDATE retraining SET import_job_id = #{job}, message = #{message}, updated_at = #{now} "
            + "WHERE id = #{id} AND state = 'IMPORTING' AND import_job_id IS NULL")
    int recordImportJob(@Param("id") long id, @Param("job") long importJobId, @Param("message") String message,
            @Param("now") Instant now);

    @Select("<script>SELECT DISTINCT stream_id FROM retraining_trigger WHERE stream_id &lt;&gt; #{streamId} AND rule_id IN "
            + "<foreach item='r' collection='ruleIds' open='(' separator=',' close=')'>#{r}</foreach></script>")
    List<Long> streamsTriggeredBy(@Param("ruleIds") List<Long> ruleIds, @Param("streamId") long streamId);

    @Select("SELECT MAX(created_at) FROM retraining WHERE stream_id = #{streamId}")
    Instant lastStarted(@Param("streamId") long streamId);

    @Insert("INSERT IGNORE INTO retraining (stream_id, active_stream, alert_id, trigger_text, state, message, "
            + "import_options, replaces_version, created_at, created_by, updated_at) VALUES (#{streamId}, #{streamId}, "
            + "#{alertId}, #{trigger}, 'IMPORTING', #{message}, #{options}, #{replaces}, #{now}, #{actor}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    int insert(@Param("key") EdgeMapper.Generated key, @Param("streamId") long streamId, @Param("alertId") Long alertId,
            @Param("trigger") String trigger, @Param("options") String options, @Param("replaces") String replaces,
            @Param("message") String message, @Param("actor") String actor, @Param("now") Instant now);

    @Select("<script>" + SELECT + "WHERE r.active_stream IS NOT NULL ORDER BY r.id</script>")
    List<RetrainingRow> unfinished();

    @Select(SELECT + "WHERE r.id = #{id}")
    RetrainingRow find(@Param("id") long id);

    @Select("<script>" + SELECT + "<where><if test='streamId != null'>r.stream_id = #{streamId}</if></where> "
            + "ORDER BY r.id DESC LIMIT #{limit}</script>")
    List<RetrainingRow> list(@Param("streamId") Long streamId, @Param("limit") int limit);

    @Select("SELECT at, state, message FROM retraining_step WHERE retraining_id = #{id} ORDER BY id")
    List<RetrainingStep> steps(@Param("id") long id);

    @Update("UPDATE retraining SET state = #{to}, message = #{message}, updated_at = #{now}, "
            + "import_job_id = COALESCE(#{r.importJobId}, import_job_id), "
            + "imported_items = COALESCE(#{r.importedItems}, imported_items), "
            + "dataset_version_id = COALESCE(#{r.datasetVersionId}, dataset_version_id), "
            + "training_run_id = COALESCE(#{r.trainingRunId}, training_run_id), "
            + "model_version_id = COALESCE(#{r.modelVersionId}, model_version_id), "
            + "rollout_id = COALESCE(#{r.rolloutId}, rollout_id), "
            + "active_stream = CASE WHEN #{finished} THEN NULL ELSE active_stream END, "
            + "finished_at = CASE WHEN #{finished} THEN #{now} ELSE finished_at END "
            + "WHERE id = #{id} AND state = #{from}")
    int advance(@Param("id") long id, @Param("from") String from, @Param("to") String to,
            @Param("message") String message, @Param("r") StepResult result, @Param("finished") boolean finished,
            @Param("now") Instant now);

    @Insert("INSERT INTO retraining_step (retraining_id, at, state, message) VALUES (#{id}, #{now}, #{state}, #{message})")
    int insertStep(@Param("id") long id, @Param("state") String state, @Param("message") String message,
            @Param("now") Instant now);
}
