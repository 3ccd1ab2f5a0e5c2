package io.modelfleet.persistence.internal;

import java.time.Instant;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;

/**
 * The writes of the edge change feed (V013), inherited by every mapper that changes an edge's credential, state or
 * desired state, so the change row is written in the same transaction as the change. One row per call: a bulk
 * {@code INSERT ... SELECT} could leave gaps in the ids that readers would wait for.
 */
interface RecordsEdgeChanges {
    @Insert("INSERT INTO edge_change (edge_id, changed_at) VALUES (#{edgeId}, #{now})")
    int edgeChanged(@Param("edgeId") long edgeId, @Param("now") Instant now);

    /** The edges of one wave of a rollout, or (wave null) of all its waves. */
    @Insert("INSERT INTO edge_change (rollout_id, wave, changed_at) VALUES (#{rolloutId}, #{wave}, #{now})")
    int rolloutEdgesChanged(@Param("rolloutId") long rolloutId, @Param("wave") Integer wave, @Param("now") Instant now);

    @Insert("INSERT INTO edge_change (changed_at) VALUES (#{now})")
    int everyEdgeChanged(@Param("now") Instant now);
}
