package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.StreamStatus;

interface StreamMapper {
    String ACTIVE = "('QUEUED','RUNNING')";

    @Insert("INSERT INTO stream (name, description, solution_id, dataset_version_id, backend_id, parameters, "
            + "confidence_threshold, schedule_cron, schedule_zone, next_training_at, target_edge_ids, target_tag_key, "
            + "target_tag_value, status, trainings, created_at, created_by, updated_at, updated_by) VALUES (#{s.name}, "
            + "#{s.description}, #{s.solutionId}, #{s.datasetVersionId}, #{s.backendId}, #{parameters}, "
            + "#{s.confidenceThreshold}, #{cron}, #{zone}, #{next}, #{edgeIds}, "
            + "#{s.target.tagKey}, #{s.target.tagValue}, 'READY_TO_TRAIN', 0, #{now}, #{actor}, #{now}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insert(@Param("key") EdgeMapper.Generated key, @Param("s") NewStream stream,
            @Param("parameters") String parameters, @Param("next") Instant next, @Param("edgeIds") String edgeIds, @Param("cron") String cron,
            @Param("zone") String zone,
            @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE stream SET description = #{s.description}, solution_id = #{s.solutionId}, "
            + "dataset_version_id = #{s.datasetVersionId}, backend_id = #{s.backendId}, parameters = #{parameters}, "
            + "confidence_threshold = #{s.confidenceThreshold}, schedule_cron = #{cron}, "
            + "schedule_zone = #{zone}, next_training_at = #{next}, target_edge_ids = #{edgeIds}, "
            + "target_tag_key = #{s.target.tagKey}, target_tag_value = #{s.target.tagValue}, "
            + "status = IF(status = 'FAILED', 'READY_TO_TRAIN', status), updated_at = #{now}, updated_by = #{actor} "
            + "WHERE id = #{id}")
    int update(@Param("id") long id, @Param("s") NewStream stream, @Param("parameters") String parameters,
            @Param("next") Instant next, @Param("edgeIds") String edgeIds, @Param("cron") String cron,
            @Param("zone") String zone, @Param("actor") String actor,
            @Param("now") Instant now);

    @Delete("DELETE FROM stream WHERE id = #{id}")
    int delete(long id);

    @Select(StreamRow.SELECT + "WHERE s.id = #{id}")
    StreamRow find(long id);

    @Select(StreamRow.SELECT + "ORDER BY s.name")
    List<StreamRow> list();

    @Select(StreamRow.SELECT + "WHERE s.next_training_at <= #{now} ORDER BY s.next_training_at")
    List<StreamRow> due(Instant now);

    @Update("UPDATE stream SET next_training_at = #{next} WHERE id = #{id} AND next_training_at = #{expected}")
    int advanceSchedule(@Param("id") long id, @Param("expected") Instant expected, @Param("next") Instant next);

    @Update("UPDATE stream SET status = #{status}, updated_at = #{now}, updated_by = #{actor} WHERE id = #{id}")
    int setStatus(@Param("id") long id, @Param("status") StreamStatus status, @Param("actor") String actor,
            @Param("now") Instant now);

    @Select("SELECT trainings FROM stream WHERE id = #{id} FOR UPDATE")
    Integer lockTrainings(long id);

    @Select("SELECT COUNT(*) FROM training_run WHERE stream_id = #{id} AND state IN " + ACTIVE)
    int activeRuns(long id);

    @Update("UPDATE stream SET trainings = #{number}, status = 'TRAINING', updated_at = #{now} WHERE id = #{id}")
    int startTraining(@Param("id") long id, @Param("number") int number, @Param("now") Instant now);

    @Insert("INSERT INTO training_run (stream_id, number, run_trigger, state, backend_id, dataset_version_id, "
            + "solution_version, parameters, seed, created_at, created_by) SELECT id, #{number}, #{trigger}, 'QUEUED', "
            + "backend_id, #{datasetVersionId}, #{solutionVersion}, #{parameters}, #{seed}, #{now}, #{actor} "
            + "FROM stream WHERE id = #{streamId}")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertRun(@Param("key") EdgeMapper.Generated key, @Param("streamId") long streamId,
            @Param("number") int number, @Param("trigger") RunTrigger trigger,
            @Param("datasetVersionId") long datasetVersionId, @Param("solutionVersion") String solutionVersion,
            @Param("parameters") String parameters, @Param("seed") long seed, @Param("actor") String actor,
            @Param("now") Instant now);

    @Select(RunRow.SELECT + "WHERE r.id = #{id}")
    RunRow findRun(long id);

    @Select("<script>" + RunRow.SELECT + "<where><if test='streamId != null'>r.stream_id = #{streamId}</if>"
            + "<if test='state != null'> AND r.state = #{state}</if></where> ORDER BY r.id DESC LIMIT #{limit}</script>")
    List<RunRow> runs(@Param("streamId") Long streamId, @Param("state") RunState state, @Param("limit") int limit);

    @Update("UPDATE training_run SET owner = #{owner}, lease_until = #{leaseUntil} WHERE state IN " + ACTIVE
            + " AND (owner IS NULL OR owner = #{owner} OR lease_until IS NULL OR lease_until < #{now})")
    int claim(@Param("owner") String owner, @Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil);

    @Update("UPDATE training_run SET lease_until = #{leaseUntil} WHERE owner = #{owner} AND state IN " + ACTIVE)
    int renew(@Param("owner") String owner, @Param("leaseUntil") Instant leaseUntil);

    @Select("SELECT id FROM training_run WHERE owner = #{owner} AND state IN " + ACTIVE + " ORDER BY id")
    List<Long> owned(String owner);

    @Update("UPDATE training_run SET state = 'RUNNING', handle = #{handle}, started_at = #{now} "
            + "WHERE id = #{id} AND owner = #{owner} AND state = 'QUEUED'")
    int markSubmitted(@Param("id") long id, @Param("owner") String owner, @Param("handle") String handle,
            @Param("now") Instant now);

    @Update("UPDATE training_run SET state = #{state}, progress = #{progress}, message = #{message} "
            + "WHERE id = #{id} AND owner = #{owner} AND state IN " + ACTIVE)
    int progress(@Param("id") long id, @Param("owner") String owner, @Param("state") RunState state,
            @Param("progress") double progress, @Param("message") String message);

    @Update("UPDATE training_run SET log_tail = #{log} WHERE id = #{id} AND owner = #{owner}")
    int saveLog(@Param("id") long id, @Param("owner") String owner, @Param("log") String log);

    @Select("SELECT log_tail FROM training_run WHERE id = #{id}")
    String log(long id);

    @Update("UPDATE training_run SET state = #{state}, message = #{message}, model_version_id = #{modelVersionId}, "
            + "metrics = #{metrics}, progress = IF(#{state} = 'SUCCEEDED', 1, progress), finished_at = #{now}, "
            + "owner = NULL, lease_until = NULL WHERE id = #{id} AND owner = #{owner} AND state IN " + ACTIVE)
    int finish(@Param("id") long id, @Param("owner") String owner, @Param("state") RunState state,
            @Param("message") String message, @Param("modelVersionId") Long modelVersionId,
            @Param("metrics") String metrics, @Param("now") Instant now);

    @Update("UPDATE training_run SET cancel_requested = TRUE WHERE id = #{id} AND state IN " + ACTIVE)
    int requestCancel(long id);

    @Select("SELECT MAX(id) FROM model_version WHERE stream_id = #{streamId}")
    Long latestModelVersion(long streamId);

    @Select("SELECT stream_id FROM training_run WHERE id = #{id}")
    Long streamOf(long id);
}
