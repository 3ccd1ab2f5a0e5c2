package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import io.modelfleet.persistence.EdgeChange;

interface EdgeChangeMapper {
    @Select("SELECT COALESCE(MAX(id), 0) FROM edge_change")
    long latestChangeId();

    @Select("<script>SELECT id, edge_id, rollout_id, wave, changed_at FROM edge_change WHERE id &gt; #{afterId}"
            + "<if test='missing.size() > 0'> OR id IN <foreach item='m' collection='missing' open='(' separator=',' close=')'>#{m}</foreach></if>"
            + " ORDER BY id LIMIT #{limit}</script>")
    List<EdgeChange> changesAfter(@Param("afterId") long afterId, @Param("missing") Collection<Long> missing,
            @Param("limit") int limit);

    @Select("<script>SELECT edge_id FROM rollout_edge WHERE rollout_id = #{rolloutId}"
            + "<if test='wave != null'> AND wave = #{wave}</if> ORDER BY edge_id</script>")
    List<Long> rolloutEdges(@Param("rolloutId") long rolloutId, @Param("wave") Integer wave);

    @Delete("DELETE FROM edge_change WHERE changed_at < #{before} ORDER BY id LIMIT #{limit}")
    int deleteChangesBefore(@Param("before") Instant before, @Param("limit") int limit);
}
