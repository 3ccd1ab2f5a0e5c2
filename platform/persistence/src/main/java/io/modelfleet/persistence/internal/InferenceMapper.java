package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.ReportedEvent;

interface InferenceMapper {
    String FILTER = "<where>"
            + "<if test='q.edgeId != null'> AND edge_id = #{q.edgeId}</if>"
            + "<if test='q.modelVersion != null'> AND model_version = #{q.modelVersion}</if>"
            + "<if test='q.from != null'> AND time &gt;= #{q.from}</if>"
            + "<if test='q.to != null'> AND time &lt; #{q.to}</if>"
            + "</where>";

    @Insert("<script>INSERT IGNORE INTO edge_event (edge_id, seq, kind, time, model_version, message, received_at) VALUES "
            + "<foreach item='e' collection='events' separator=','>(#{edgeId}, #{e.seq}, #{e.kind}, #{e.time}, "
            + "#{e.modelVersion}, #{e.message}, #{receivedAt})</foreach></script>")
    int insertEvents(@Param("edgeId") long edgeId, @Param("events") List<ReportedEvent> events,
            @Param("receivedAt") Instant receivedAt);

    record StoredResultRow(long edgeId, long seq, Instant time, String modelVersion, String stream, String label,
            Double score, String probabilities, Double latencyMs, String inputRef, Instant receivedAt) {
    }

    @Select("<script>SELECT edge_id, seq, time, model_version, stream, label, score, probabilities, latency_ms, "
            + "input_ref, received_at FROM inference_result " + FILTER
            + " ORDER BY time DESC, id DESC LIMIT #{q.page.limit} OFFSET #{q.page.offset}</script>")
    List<StoredResultRow> results(@Param("q") InferenceQuery query);

    String SAMPLE_FILTER = "<where><if test='q.edgeIds.size() > 0'> edge_id IN <foreach item='e' collection='q.edgeIds' "
            + "open='(' separator=',' close=')'>#{e}</foreach></if>"
            + "<if test='q.from != null'> AND time &gt;= #{q.from}</if><if test='q.to != null'> AND time &lt; #{q.to}</if>"
            + "<if test='q.minScore != null'> AND score &gt;= #{q.minScore}</if>"
            + "<if test='q.maxScore != null'> AND score &lt;= #{q.maxScore}</if>"
            + "<if test='q.label != null'> AND label = #{q.label}</if>"
            + "<if test='q.modelVersion != null'> AND model_version = #{q.modelVersion}</if></where>";

    @Select("<script>SELECT COUNT(*) FROM (SELECT 1 FROM inference_sample " + SAMPLE_FILTER + " LIMIT #{q.limit}) s</script>")
    long countSamples(@Param("q") io.modelfleet.api.inference.SampleQuery query);

    /**
     * Newest first: one edge's by seq, which the primary key reads backwards without sorting the edge's samples; several
     * edges' by time, which the time index (holding edge and seq too) reads backwards.
     */
    @Select("<script>SELECT edge_id, seq, time, model_version, label, score, input AS input_json FROM inference_sample " + SAMPLE_FILTER
            + " ORDER BY <choose><when test='q.newestFirst and q.edgeIds.size() == 1'>seq DESC</when>"
            + "<when test='q.newestFirst'>time DESC, edge_id DESC, seq DESC</when>"
            + "<otherwise>edge_id, seq</otherwise></choose> LIMIT #{q.limit}</script>")
    @org.apache.ibatis.annotations.ResultType(io.modelfleet.api.inference.InferenceSample.class)
    @org.apache.ibatis.annotations.Options(fetchSize = 1000)
    void samples(@Param("q") io.modelfleet.api.inference.SampleQuery query,
            org.apache.ibatis.session.ResultHandler<io.modelfleet.api.inference.InferenceSample> handler);

    @Select("<script>SELECT COUNT(*) FROM inference_result " + FILTER + "</script>")
    long countResults(@Param("q") InferenceQuery query);

    @Select("<script>SELECT edge_id, seq, kind, time, model_version, message, received_at FROM edge_event " + FILTER
            + " ORDER BY time DESC, id DESC LIMIT #{q.page.limit} OFFSET #{q.page.offset}</script>")
    List<EdgeEvent> events(@Param("q") InferenceQuery query);

    @Select("<script>SELECT COUNT(*) FROM edge_event " + FILTER + "</script>")
    long countEvents(@Param("q") InferenceQuery query);

    record ResultBucket(long bucket, long count, Double meanScore, long lowConfidence) {
    }

    record FailureBucket(long bucket, long failures) {
    }

    /**
     * Bucket number of a row in [from, to): whole buckets since {@code from}. TIMESTAMPDIFF on DATETIME ignores the
     * session time zone (UNIX_TIMESTAMP would not), and integer DIV cannot round a row into the next bucket.
     */
    String BUCKET = "TIMESTAMPDIFF(MICROSECOND, #{q.from}, time) DIV (#{q.bucketSeconds} * 1000000)";
    String AGGREGATE_FILTER = "WHERE time &gt;= #{q.from} AND time &lt; #{q.to}"
            + "<if test='q.edgeId != null'> AND edge_id = #{q.edgeId}</if>"
            + "<if test='q.modelVersion != null'> AND model_version = #{q.modelVersion}</if>";

    @Select("<script>SELECT " + BUCKET + " AS bucket, COUNT(*) AS count, AVG(score) AS mean_score, "
            + "COALESCE(SUM(score &lt; #{q.lowConfidenceBelow}), 0) AS low_confidence FROM inference_result "
            + AGGREGATE_FILTER + " GROUP BY bucket ORDER BY bucket</script>")
    List<ResultBucket> resultBuckets(@Param("q") AggregateQuery query);

    @Select("<script>SELECT " + BUCKET + " AS bucket, COUNT(*) AS failures FROM edge_event "
            + AGGREGATE_FILTER + " AND kind = 'INFERENCE_FAILURE' GROUP BY bucket ORDER BY bucket</script>")
    List<FailureBucket> failureBuckets(@Param("q") AggregateQuery query);
}
