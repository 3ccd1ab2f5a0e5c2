package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEvent;
import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.AlertState;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.persistence.EdgeSeen;
import io.modelfleet.persistence.OpenAlert;

interface AlertMapper {
    String RULE_COLUMNS = "id, name, kind, edge_id, tag_key, tag_value, model_version, threshold, score_below, "
            + "window_minutes, min_results, renotify_minutes, enabled, channel_ids, created_at, created_by, updated_at, "
            + "updated_by";
    String ALERT_COLUMNS = "a.id, a.rule_id, r.name AS rule_name, r.kind, a.subject, a.subject_label, a.state, a.value, "
            + "a.message, a.fired_at, a.resolved_at, a.last_notified_at, a.silenced_until, a.acknowledged_by, "
            + "a.acknowledged_at";
    String EVENT_COLUMNS = "e.id, e.alert_id, a.rule_id, r.name AS rule_name, a.subject_label, e.type, e.message, "
            + "e.actor, e.at";

    record RuleRow(long id, String name, String kind, Long edgeId, String tagKey, String tagValue, String modelVersion,
            double threshold, double scoreBelow, int windowMinutes, long minResults, int renotifyMinutes,
            boolean enabled, String channelIds, Instant createdAt, String createdBy, Instant updatedAt,
            String updatedBy) {
    }

    record ChannelRow(long id, String name, String type, String url, String secret, String recipients,
            boolean enabled, Instant createdAt, String createdBy) {
    }

    record DueRow(long id, int attempts, long channelId, String channelName, String channelType, String url,
            String secret, String recipients, long eventId, String event, String eventMessage, Instant eventAt,
            long alertId, long ruleId, String ruleName, String kind, String subject, String subjectLabel, double value,
            Instant firedAt) {
    }

    record DeliveryRow(long id, long eventId, long alertId, String event, long channelId, String channelName,
            String status, int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
            Instant createdAt, Instant deliveredAt) {
    }

    @Select("SELECT " + RULE_COLUMNS + " FROM alert_rule ORDER BY id")
    List<RuleRow> rules();

    @Select("SELECT " + RULE_COLUMNS + " FROM alert_rule WHERE id = #{id}")
    RuleRow rule(@Param("id") long id);

    @Insert("INSERT INTO alert_rule (name, kind, edge_id, tag_key, tag_value, model_version, threshold, score_below, "
            + "window_minutes, min_results, renotify_minutes, enabled, channel_ids, created_at, created_by, updated_at, "
            + "updated_by) VALUES (#{r.name}, #{r.kind}, #{r.edgeId}, #{r.tagKey}, #{r.tagValue}, #{r.modelVersion}, "
            + "#{r.threshold}, #{r.scoreBelow}, #{r.windowMinutes}, #{r.minResults}, #{r.renotifyMinutes}, #{r.enabled}, "
            + "#{channels}, #{now}, #{actor}, #{now}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertRule(@Param("key") EdgeMapper.Generated key, @Param("r") NewAlertRule rule,
            @Param("channels") String channels, @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE alert_rule SET name = #{r.name}, kind = #{r.kind}, edge_id = #{r.edgeId}, tag_key = #{r.tagKey}, "
            + "tag_value = #{r.tagValue}, model_version = #{r.modelVersion}, threshold = #{r.threshold}, "
            + "score_below = #{r.scoreBelow}, window_minutes = #{r.windowMinutes}, min_results = #{r.minResults}, "
            + "renotify_minutes = #{r.renotifyMinutes}, enabled = #{r.enabled}, channel_ids = #{channels}, "
            + "updated_at = #{now}, updated_by = #{actor} WHERE id = #{id}")
    int updateRule(@Param("id") long id, @Param("r") NewAlertRule rule, @Param("channels") String channels,
            @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE alert_rule SET channel_ids = #{channels} WHERE id = #{id}")
    int setRuleChannels(@Param("id") long id, @Param("channels") String channels);

    @Delete("DELETE FROM alert_rule WHERE id = #{id}")
    int deleteRule(@Param("id") long id);

    @Select("SELECT id, name, type, url, secret, recipients, enabled, created_at, created_by FROM notification_channel "
            + "ORDER BY id")
    List<ChannelRow> channels();

    @Select("SELECT id, name, type, url, secret, recipients, enabled, created_at, created_by FROM notification_channel "
            + "WHERE id = #{id}")
    ChannelRow channel(@Param("id") long id);

    @Insert("INSERT INTO notification_channel (name, type, url, secret, recipients, enabled, created_at, created_by) "
            + "VALUES (#{c.name}, #{c.type}, #{c.url}, #{c.secret}, #{recipients}, #{c.enabled}, #{now}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertChannel(@Param("key") EdgeMapper.Generated key, @Param("c") NewNotificationChannel channel,
            @Param("recipients") String recipients, @Param("actor") String actor, @Param("now") Instant now);

    @Delete("DELETE FROM notification_channel WHERE id = #{id}")
    int deleteChannel(@Param("id") long id);

    @Select("SELECT CONCAT('rollout:', r.id) AS subject, CONCAT('rollout ', r.id, COALESCE(CONCAT(' of ', m.name, ':', "
            + "m.version), '')) AS label, CONCAT('rollout ', r.id, COALESCE(CONCAT(' of ', m.name, ':', m.version), ''), "
            + "' ended ', r.state, COALESCE(CONCAT(': ', r.message), '')) AS message, r.finished_at AS at FROM rollout r "
            + "LEFT JOIN model_version m ON m.id = r.model_version_id WHERE r.state IN ('FAILED', 'ROLLED_BACK') "
            + "AND r.finished_at >= #{since} ORDER BY r.finished_at DESC LIMIT 1000")
    List<io.modelfleet.persistence.AlertStore.Occurrence> failedRollouts(@Param("since") Instant since);

    @Select("SELECT CONCAT('run:', r.id) AS subject, CONCAT(s.name, ' run ', r.number) AS label, "
            + "CONCAT(s.name, ' run ', r.number, ' ', r.state, CASE WHEN r.state = 'SUCCEEDED' "
            + "THEN COALESCE(CONCAT(': registered ', m.name, ':', m.version, ' to review'), '') "
            + "ELSE COALESCE(CONCAT(': ', r.message), '') END) AS message, r.finished_at AS at FROM training_run r "
            + "JOIN stream s ON s.id = r.stream_id LEFT JOIN model_version m ON m.id = r.model_version_id "
            + "WHERE r.state = #{state} AND r.finished_at >= #{since} ORDER BY r.finished_at DESC LIMIT 1000")
    List<io.modelfleet.persistence.AlertStore.Occurrence> finishedRuns(@Param("state") String state,
            @Param("since") Instant since);

    @Insert("INSERT IGNORE INTO job_lease (name, owner, lease_until) VALUES (#{name}, #{owner}, #{until})")
    int insertLease(@Param("name") String name, @Param("owner") String owner, @Param("until") Instant until);

    @Update("UPDATE job_lease SET owner = #{owner}, lease_until = #{until} WHERE name = #{name} "
            + "AND (owner = #{owner} OR lease_until < #{now})")
    int takeLease(@Param("name") String name, @Param("owner") String owner, @Param("until") Instant until,
            @Param("now") Instant now);

    /** Through the last-seen index: a healthy fleet has few rows to read however large it is. */
    @Select("<script>SELECT e.id, e.name, COALESCE(e.last_seen_at, e.created_at) AS last_seen_at FROM edge e"
            + "<if test='tagKey != null'> JOIN edge_tag t ON t.edge_id = e.id AND t.tag_key = #{tagKey} "
            + "AND t.tag_value = #{tagValue}</if> WHERE e.state = 'APPROVED' AND (e.last_seen_at &lt; #{before} "
            + "OR (e.last_seen_at IS NULL AND e.created_at &lt; #{before}))</script>")
    List<EdgeSeen> approvedEdgesSeenBefore(@Param("tagKey") String tagKey, @Param("tagValue") String tagValue,
            @Param("before") Instant before);

    @Select("SELECT name FROM edge WHERE id = #{id}")
    String edgeName(@Param("id") long id);

    @Select("SELECT id, rule_id, subject, state, last_notified_at, silenced_until FROM alert "
            + "WHERE open_subject IS NOT NULL")
    List<OpenAlert> openAlerts();

    @Insert("INSERT IGNORE INTO alert (rule_id, subject, open_subject, subject_label, state, value, message, fired_at, "
            + "last_notified_at) VALUES (#{ruleId}, #{subject}, #{subject}, #{label}, 'FIRING', #{value}, #{message}, "
            + "#{now}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    int insertAlert(@Param("key") EdgeMapper.Generated key, @Param("ruleId") long ruleId,
            @Param("subject") String subject, @Param("label") String label, @Param("value") double value,
            @Param("message") String message, @Param("now") Instant now);

    @Select("SELECT state FROM alert WHERE id = #{id} FOR UPDATE")
    AlertState lockAlert(@Param("id") long id);

    @Update("UPDATE alert SET state = 'RESOLVED', open_subject = NULL, resolved_at = #{now} "
            + "WHERE id = #{id} AND open_subject IS NOT NULL")
    int resolve(@Param("id") long id, @Param("now") Instant now);

    @Update("UPDATE alert SET state = 'FIRING', silenced_until = NULL, last_notified_at = #{now} WHERE id = #{id} "
            + "AND ((state = 'FIRING' AND last_notified_at = #{expected}) OR (state = 'SILENCED' AND silenced_until <= #{now}))")
    int remind(@Param("id") long id, @Param("expected") Instant expected, @Param("now") Instant now);

    @Update("UPDATE alert SET state = 'ACKNOWLEDGED', acknowledged_by = #{actor}, acknowledged_at = #{now}, "
            + "silenced_until = NULL WHERE id = #{id} AND state IN ('FIRING', 'SILENCED')")
    int acknowledge(@Param("id") long id, @Param("actor") String actor, @Param("now") Instant now);

    @Update("UPDATE alert SET state = 'SILENCED', silenced_until = #{until} WHERE id = #{id} AND state <> 'RESOLVED'")
    int silence(@Param("id") long id, @Param("until") Instant until);

    @Insert("INSERT INTO alert_event (alert_id, type, message, actor, at) VALUES (#{alertId}, #{type}, #{message}, "
            + "#{actor}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertEvent(@Param("key") EdgeMapper.Generated key, @Param("alertId") long alertId,
            @Param("type") AlertEventType type, @Param("message") String message, @Param("actor") String actor,
            @Param("now") Instant now);

    @Insert("<script>INSERT INTO notification_delivery (event_id, channel_id, status, next_attempt_at, created_at) "
            + "SELECT #{eventId}, id, 'PENDING', #{now}, #{now} FROM notification_channel WHERE enabled = 1 AND id IN "
            + "<foreach item='c' collection='channels' open='(' separator=',' close=')'>#{c}</foreach></script>")
    int insertDeliveries(@Param("eventId") long eventId, @Param("channels") java.util.Collection<Long> channels,
            @Param("now") Instant now);

    @Select("<script>SELECT " + ALERT_COLUMNS + " FROM alert a JOIN alert_rule r ON r.id = a.rule_id WHERE 1 = 1"
            + "<if test='open == true'> AND a.open_subject IS NOT NULL</if>"
            + "<if test='open == false'> AND a.open_subject IS NULL</if>"
            + "<if test='ruleId != null'> AND a.rule_id = #{ruleId}</if>"
            + " ORDER BY a.id DESC LIMIT #{limit} OFFSET #{offset}</script>")
    List<Alert> alerts(@Param("open") Boolean open, @Param("ruleId") Long ruleId, @Param("limit") int limit,
            @Param("offset") long offset);

    @Select("<script>SELECT COUNT(*) FROM alert a WHERE 1 = 1"
            + "<if test='open == true'> AND a.open_subject IS NOT NULL</if>"
            + "<if test='open == false'> AND a.open_subject IS NULL</if>"
            + "<if test='ruleId != null'> AND a.rule_id = #{ruleId}</if></script>")
    long countAlerts(@Param("open") Boolean open, @Param("ruleId") Long ruleId);

    @Select("SELECT " + ALERT_COLUMNS + " FROM alert a JOIN alert_rule r ON r.id = a.rule_id WHERE a.id = #{id}")
    Alert alert(@Param("id") long id);

    @Select("SELECT " + EVENT_COLUMNS + " FROM alert_event e JOIN alert a ON a.id = e.alert_id "
            + "JOIN alert_rule r ON r.id = a.rule_id WHERE e.alert_id = #{alertId} ORDER BY e.id")
    List<AlertEvent> events(@Param("alertId") long alertId);

    @Select("SELECT " + EVENT_COLUMNS + " FROM alert_event e JOIN alert a ON a.id = e.alert_id "
            + "JOIN alert_rule r ON r.id = a.rule_id ORDER BY e.id DESC LIMIT #{limit}")
    List<AlertEvent> latestEvents(@Param("limit") int limit);

    /** At most {@code cap}: a user who never opened the notification center would otherwise count every event. */
    @Select("SELECT COUNT(*) FROM (SELECT 1 FROM alert_event WHERE id > #{id} LIMIT #{cap}) e")
    long countEventsAfter(@Param("id") long id, @Param("cap") int cap);

    @Select("SELECT COALESCE(MAX(last_event_id), 0) FROM notification_read WHERE username = #{username}")
    long lastReadEvent(@Param("username") String username);

    @Insert("INSERT INTO notification_read (username, last_event_id) VALUES (#{username}, #{id}) "
            + "ON DUPLICATE KEY UPDATE last_event_id = GREATEST(last_event_id, VALUES(last_event_id))")
    void markRead(@Param("username") String username, @Param("id") long id);

    @Update("UPDATE notification_delivery SET owner = #{owner}, lease_until = #{until} WHERE status = 'PENDING' "
            + "AND next_attempt_at <= #{now} AND (lease_until IS NULL OR lease_until < #{now}) "
            + "ORDER BY next_attempt_at, id LIMIT #{limit}")
    int claim(@Param("owner") String owner, @Param("until") Instant until, @Param("limit") int limit,
            @Param("now") Instant now);

    @Select("SELECT d.id, d.attempts, c.id AS channel_id, c.name AS channel_name, c.type AS channel_type, c.url, "
            + "c.secret, c.recipients, e.id AS event_id, e.type AS event, e.message AS event_message, e.at AS event_at, "
            + "a.id AS alert_id, r.id AS rule_id, r.name AS rule_name, r.kind, a.subject, a.subject_label, a.value, "
            + "a.fired_at FROM notification_delivery d JOIN notification_channel c ON c.id = d.channel_id "
            + "JOIN alert_event e ON e.id = d.event_id JOIN alert a ON a.id = e.alert_id "
            + "JOIN alert_rule r ON r.id = a.rule_id "
            + "WHERE d.owner = #{owner} AND d.lease_until = #{until} AND d.status = 'PENDING' ORDER BY d.id")
    List<DueRow> claimed(@Param("owner") String owner, @Param("until") Instant until);

    @Update("UPDATE notification_delivery SET status = 'DELIVERED', attempts = attempts + 1, "
            + "last_status_code = #{code}, last_error = NULL, delivered_at = #{now}, owner = NULL, lease_until = NULL "
            + "WHERE id = #{id} AND owner = #{owner} AND status = 'PENDING'")
    int delivered(@Param("id") long id, @Param("owner") String owner, @Param("code") Integer code,
            @Param("now") Instant now);

    @Update("UPDATE notification_delivery SET status = #{status}, "
            + "attempts = attempts + 1, last_status_code = #{code}, last_error = #{error}, "
            + "next_attempt_at = COALESCE(#{next}, next_attempt_at), owner = NULL, lease_until = NULL "
            + "WHERE id = #{id} AND owner = #{owner} AND status = 'PENDING'")
    int attemptFailed(@Param("id") long id, @Param("owner") String owner, @Param("status") String status,
            @Param("code") Integer code, @Param("error") String error, @Param("next") Instant next);

    @Select("<script>SELECT d.id, d.event_id, e.alert_id, e.type AS event, d.channel_id, c.name AS channel_name, "
            + "d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.delivered_at "
            + "FROM notification_delivery d JOIN notification_channel c ON c.id = d.channel_id "
            + "JOIN alert_event e ON e.id = d.event_id WHERE 1 = 1"
            + "<if test='channelId != null'> AND d.channel_id = #{channelId}</if>"
            + "<if test='alertId != null'> AND e.alert_id = #{alertId}</if>"
            + " ORDER BY d.id DESC LIMIT #{limit} OFFSET #{offset}</script>")
    List<DeliveryRow> deliveries(@Param("channelId") Long channelId, @Param("alertId") Long alertId,
            @Param("limit") int limit, @Param("offset") long offset);

    @Select("<script>SELECT COUNT(*) FROM notification_delivery d JOIN alert_event e ON e.id = d.event_id WHERE 1 = 1"
            + "<if test='channelId != null'> AND d.channel_id = #{channelId}</if>"
            + "<if test='alertId != null'> AND e.alert_id = #{alertId}</if></script>")
    long countDeliveries(@Param("channelId") Long channelId, @Param("alertId") Long alertId);
}
