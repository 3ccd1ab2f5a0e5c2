package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import io.modelfleet.api.alert.SummarySettings;
import io.modelfleet.persistence.SummaryStore.GroupCounts;

public interface SummaryMapper {

    /** The first {@code bins} of the 20 score bins: bound as a parameter, so no SQL is built from values. */
    String LOW = "CASE WHEN #{bins} > 0 THEN h00 ELSE 0 END + "
            + "CASE WHEN #{bins} > 1 THEN h01 ELSE 0 END + "
            + "CASE WHEN #{bins} > 2 THEN h02 ELSE 0 END + "
            + "CASE WHEN #{bins} > 3 THEN h03 ELSE 0 END + "
            + "CASE WHEN #{bins} > 4 THEN h04 ELSE 0 END + "
            + "CASE WHEN #{bins} > 5 THEN h05 ELSE 0 END + "
            + "CASE WHEN #{bins} > 6 THEN h06 ELSE 0 END + "
            + "CASE WHEN #{bins} > 7 THEN h07 ELSE 0 END + "
            + "CASE WHEN #{bins} > 8 THEN h08 ELSE 0 END + "
            + "CASE WHEN #{bins} > 9 THEN h09 ELSE 0 END + "
            + "CASE WHEN #{bins} > 10 THEN h10 ELSE 0 END + "
            + "CASE WHEN #{bins} > 11 THEN h11 ELSE 0 END + "
            + "CASE WHEN #{bins} > 12 THEN h12 ELSE 0 END + "
            + "CASE WHEN #{bins} > 13 THEN h13 ELSE 0 END + "
            + "CASE WHEN #{bins} > 14 THEN h14 ELSE 0 END + "
            + "CASE WHEN #{bins} > 15 THEN h15 ELSE 0 END + "
            + "CASE WHEN #{bins} > 16 THEN h16 ELSE 0 END + "
            + "CASE WHEN #{bins} > 17 THEN h17 ELSE 0 END + "
            + "CASE WHEN #{bins} > 18 THEN h18 ELSE 0 END + "
            + "CASE WHEN #{bins} > 19 THEN h19 ELSE 0 END";

    String COUNTS = "SUM(r.results) AS results, SUM(" + LOW + ") AS low_confidence, SUM(r.failures) AS failures ";

    String RANGE = "r.bucket >= #{from} AND r.bucket < #{to} ";

    /** The hourly rollups hold the fleet's rows (edge 0) beside each edge's. */
    String FLEET = "r.edge_id = 0 AND ";

    record SettingsRow(boolean enabled, String timeOfDay, String timeZone, String channelIds,
            double lowConfidenceBelow) {
    }

    record SentRow(long id, LocalDate day, String timeZone, Instant generatedAt, String generatedBy) {
    }

    record SentDeliveryRow(long summaryId, long channelId, String channelName, String status, int attempts,
            Integer lastStatusCode, String lastError, Instant deliveredAt) {
    }

    record DueRow(long id, int attempts, long channelId, String channelName, String channelType, String url,
            String secret, String recipients, long summaryId, String body) {
    }

    @Select("SELECT enabled, time_of_day, time_zone, channel_ids, low_confidence_below FROM summary_settings WHERE id = 1")
    SettingsRow settings();

    @Insert("INSERT INTO summary_settings (id, enabled, time_of_day, time_zone, channel_ids, low_confidence_below, "
            + "updated_at, updated_by) VALUES (1, #{s.enabled}, #{s.timeOfDay}, #{s.timeZone}, #{channels}, "
            + "#{s.lowConfidenceBelow}, #{now}, #{actor}) ON DUPLICATE KEY UPDATE enabled = VALUES(enabled), "
            + "time_of_day = VALUES(time_of_day), time_zone = VALUES(time_zone), channel_ids = VALUES(channel_ids), "
            + "low_confidence_below = VALUES(low_confidence_below), updated_at = VALUES(updated_at), "
            + "updated_by = VALUES(updated_by)")
    int saveSettings(@Param("s") SummarySettings settings, @Param("channels") String channels,
            @Param("actor") String actor, @Param("now") Instant now);

    // "<" in these queries is plain SQL: they are not <script>s
    @Select("SELECT r.model_version AS `group`, " + COUNTS + "FROM inference_rollup_hour r WHERE " + FLEET + RANGE
            + "GROUP BY r.model_version ORDER BY SUM(r.results) + SUM(r.failures) DESC LIMIT #{limit}")
    List<GroupCounts> byModel(@Param("from") Instant from, @Param("to") Instant to, @Param("bins") int bins,
            @Param("limit") int limit);

    @Select("SELECT CONCAT(t.tag_key, '=', t.tag_value) AS `group`, " + COUNTS + "FROM inference_rollup_hour r "
            + "JOIN edge_tag t ON t.edge_id = r.edge_id WHERE r.edge_id <> 0 AND " + RANGE + "GROUP BY t.tag_key, t.tag_value "
            + "ORDER BY SUM(r.results) + SUM(r.failures) DESC LIMIT #{limit}")
    List<GroupCounts> byTag(@Param("from") Instant from, @Param("to") Instant to, @Param("bins") int bins,
            @Param("limit") int limit);

    @Select("SELECT 'fleet' AS `group`, COALESCE(SUM(r.results), 0) AS results, COALESCE(SUM(" + LOW
            + "), 0) AS low_confidence, COALESCE(SUM(r.failures), 0) AS failures FROM inference_rollup_hour r WHERE "
            + FLEET + RANGE)
    GroupCounts fleet(@Param("from") Instant from, @Param("to") Instant to, @Param("bins") int bins);

    @Select("SELECT DATE_FORMAT(r.bucket, '%Y-%m-%dT%H:00:00Z') AS `group`, " + COUNTS
            + "FROM inference_rollup_hour r WHERE " + FLEET + RANGE + "GROUP BY r.bucket ORDER BY r.bucket")
    List<GroupCounts> hours(@Param("from") Instant from, @Param("to") Instant to, @Param("bins") int bins);

    @Select("SELECT COUNT(*) FROM alert WHERE fired_at >= #{from} AND fired_at < #{to}")
    long alertsOpened(@Param("from") Instant from, @Param("to") Instant to);

    @Select("SELECT COUNT(*) FROM alert WHERE resolved_at >= #{from} AND resolved_at < #{to}")
    long alertsResolved(@Param("from") Instant from, @Param("to") Instant to);

    @Select("SELECT COUNT(*) FROM alert WHERE fired_at < #{to} AND (resolved_at IS NULL OR resolved_at >= #{to})")
    long alertsOpenAt(@Param("to") Instant to);

    @Select("SELECT CONCAT(r.name, ': ', a.subject_label, ' - ', a.message) FROM alert a "
            + "JOIN alert_rule r ON r.id = a.rule_id WHERE a.fired_at >= #{from} AND a.fired_at < #{to} "
            + "ORDER BY a.id LIMIT #{limit}")
    List<String> alertLines(@Param("from") Instant from, @Param("to") Instant to, @Param("limit") int limit);

    @Select("SELECT COUNT(*) FROM rollout WHERE created_at >= #{from} AND created_at < #{to}")
    long rolloutsStarted(@Param("from") Instant from, @Param("to") Instant to);

    @Select("<script>SELECT COUNT(*) FROM rollout WHERE finished_at >= #{from} AND finished_at &lt; #{to} AND state IN "
            + "<foreach item='s' collection='states' open='(' separator=',' close=')'>#{s}</foreach></script>")
    long rolloutsEnded(@Param("from") Instant from, @Param("to") Instant to, @Param("states") List<String> states);

    @Select("SELECT COUNT(*) FROM training_run WHERE created_at >= #{from} AND created_at < #{to}")
    long runsStarted(@Param("from") Instant from, @Param("to") Instant to);

    @Select("SELECT COUNT(*) FROM training_run WHERE finished_at >= #{from} AND finished_at < #{to} AND state = #{state}")
    long runsEnded(@Param("from") Instant from, @Param("to") Instant to, @Param("state") String state);

    @Select("SELECT COUNT(*) FROM edge WHERE state = 'APPROVED'")
    long approvedEdges();

    @Select("SELECT COUNT(*) FROM edge WHERE state = 'APPROVED' AND last_seen_at >= #{since}")
    long edgesSeenSince(@Param("since") Instant since);

    /** Replaces a kept summary of the same day and zone in place; LAST_INSERT_ID(id) hands back its id either way. */
    @Insert("INSERT INTO daily_summary (day, time_zone, body, generated_at, generated_by) VALUES (#{day}, #{zone}, "
            + "#{body}, #{now}, #{actor}) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), body = VALUES(body), "
            + "generated_at = VALUES(generated_at), generated_by = VALUES(generated_by)")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    int keep(@Param("key") EdgeMapper.Generated key, @Param("day") LocalDate day, @Param("zone") String zone,
            @Param("body") String body, @Param("actor") String actor, @Param("now") Instant now);

    @Insert("INSERT IGNORE INTO daily_summary (day, time_zone, body, generated_at, generated_by) VALUES (#{day}, "
            + "#{zone}, #{body}, #{now}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    int keepIfAbsent(@Param("key") EdgeMapper.Generated key, @Param("day") LocalDate day, @Param("zone") String zone,
            @Param("body") String body, @Param("actor") String actor, @Param("now") Instant now);

    @org.apache.ibatis.annotations.Delete("DELETE FROM notification_delivery WHERE summary_id = #{id} AND status = 'PENDING'")
    int dropPending(@Param("id") long summaryId);

    @Insert("<script>INSERT INTO notification_delivery (summary_id, channel_id, status, attempts, next_attempt_at, "
            + "created_at) VALUES <foreach item='c' collection='channels' separator=','>(#{id}, #{c}, 'PENDING', 0, "
            + "#{now}, #{now})</foreach></script>")
    int queue(@Param("id") long summaryId, @Param("channels") List<Long> channelIds, @Param("now") Instant now);

    @Select("SELECT COUNT(*) FROM daily_summary WHERE day = #{day} AND time_zone = #{zone}")
    long countKept(@Param("day") LocalDate day, @Param("zone") String zone);

    @Select("SELECT body FROM daily_summary WHERE id = #{id}")
    String body(@Param("id") long id);

    @Select("SELECT id, day, time_zone, generated_at, generated_by FROM daily_summary ORDER BY day DESC, id DESC "
            + "LIMIT #{limit}")
    List<SentRow> sent(@Param("limit") int limit);

    @Select("SELECT id, day, time_zone, generated_at, generated_by FROM daily_summary WHERE id = #{id}")
    SentRow sentOne(@Param("id") long id);

    @Select("<script>SELECT d.summary_id, d.channel_id, c.name AS channel_name, d.status, d.attempts, "
            + "d.last_status_code, d.last_error, d.delivered_at FROM notification_delivery d "
            + "JOIN notification_channel c ON c.id = d.channel_id WHERE d.summary_id IN "
            + "<foreach item='i' collection='ids' open='(' separator=',' close=')'>#{i}</foreach> ORDER BY d.id</script>")
    List<SentDeliveryRow> sentDeliveries(@Param("ids") List<Long> summaryIds);

    @Select("SELECT d.id, d.attempts, c.id AS channel_id, c.name AS channel_name, c.type AS channel_type, c.url, "
            + "c.secret, c.recipients, s.id AS summary_id, s.body FROM notification_delivery d "
            + "JOIN notification_channel c ON c.id = d.channel_id JOIN daily_summary s ON s.id = d.summary_id "
            + "WHERE d.owner = #{owner} AND d.lease_until = #{until} AND d.status = 'PENDING' ORDER BY d.id")
    List<DueRow> claimed(@Param("owner") String owner, @Param("until") Instant until);
}
