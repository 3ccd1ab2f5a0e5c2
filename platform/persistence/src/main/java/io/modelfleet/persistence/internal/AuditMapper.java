package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditQuery;

interface AuditMapper {
    String FILTER = "<where>"
            + "<if test='q.actor != null'> AND actor = #{q.actor}</if>"
            + "<if test='q.targetType != null'> AND target_type = #{q.targetType}</if>"
            + "<if test='q.targetId != null'> AND target_id = #{q.targetId}</if>"
            + "<if test='q.from != null'> AND at &gt;= #{q.from}</if>"
            + "<if test='q.to != null'> AND at &lt; #{q.to}</if>"
            + "</where>";

    @Insert("INSERT INTO audit_log (at, actor, action, target_type, target_id, detail) "
            + "VALUES (#{at}, #{actor}, #{action}, #{targetType}, #{targetId}, #{detail})")
    void insert(@Param("at") Instant at, @Param("actor") String actor, @Param("action") String action,
            @Param("targetType") String targetType, @Param("targetId") String targetId, @Param("detail") String detail);

    @Select("<script>SELECT id, at, actor, action, target_type, target_id, detail FROM audit_log " + FILTER
            + " ORDER BY at DESC, id DESC LIMIT #{q.page.limit} OFFSET #{q.page.offset}</script>")
    List<AuditEntry> query(@Param("q") AuditQuery query);

    @Select("<script>SELECT COUNT(*) FROM audit_log " + FILTER + "</script>")
    long count(@Param("q") AuditQuery query);
}
