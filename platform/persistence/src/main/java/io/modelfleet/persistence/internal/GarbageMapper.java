package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.modelfleet.persistence.BlobCandidate;

/** The rows of deleted datasets nothing references, and the queue of blob keys that may be unreferenced. */
interface GarbageMapper {
    /** Queues a key; one already queued starts its grace period anew unless a server is deleting it right now. */
    String QUEUE_BLOB = "INSERT INTO blob_gc_candidate (blob_key, queued_at) VALUES (#{key}, #{now}) "
            + "ON DUPLICATE KEY UPDATE queued_at = IF(claimed_at IS NULL, VALUES(queued_at), queued_at)";
    String CANDIDATE = "SELECT blob_key AS `key`, queued_at, claimed_by, claimed_at FROM blob_gc_candidate ";
    /** A dataset version nothing names: no stream trains on it, no training run used it, no model came from it. */
    String VERSION_UNREFERENCED = "NOT EXISTS (SELECT 1 FROM stream s WHERE s.dataset_version_id = v.id) "
            + "AND NOT EXISTS (SELECT 1 FROM training_run r WHERE r.dataset_version_id = v.id) "
            + "AND NOT EXISTS (SELECT 1 FROM model_version mv WHERE mv.dataset_version_id = v.id)";

    record ItemRef(long id, String contentRef) {
    }

    @Insert(QUEUE_BLOB)
    int queueBlob(@Param("key") String key, @Param("now") Instant now);

    @Select("SELECT d.id FROM dataset d WHERE d.state = 'DELETED' AND (EXISTS (SELECT 1 FROM dataset_version v "
            + "WHERE v.dataset_id = d.id) OR EXISTS (SELECT 1 FROM dataset_item i WHERE i.dataset_id = d.id)) "
            + "ORDER BY d.updated_at, d.id LIMIT #{limit}")
    List<Long> deletedDatasets(int limit);

    @Select("SELECT v.id FROM dataset_version v JOIN dataset d ON d.id = v.dataset_id AND d.state = 'DELETED' "
            + "WHERE v.dataset_id = #{datasetId} AND " + VERSION_UNREFERENCED + " ORDER BY v.id LIMIT 1")
    Long removableVersion(long datasetId);

    @Delete("DELETE FROM dataset_version_item WHERE version_id = #{versionId} LIMIT #{batch}")
    int deleteVersionItems(@Param("versionId") long versionId, @Param("batch") int batch);

    /** Checked again as it goes: a reference that appeared meanwhile keeps the version. */
    @Delete("DELETE v FROM dataset_version v WHERE v.id = #{versionId} AND " + VERSION_UNREFERENCED
            + " AND NOT EXISTS (SELECT 1 FROM dataset_version_item vi WHERE vi.version_id = v.id)")
    int deleteVersion(long versionId);

    /** Items of a DELETED dataset that no remaining version holds, locked for their deletion. */
    @Select("SELECT i.id, i.content_ref FROM dataset_item i JOIN dataset d ON d.id = i.dataset_id AND d.state = 'DELETED' "
            + "WHERE i.dataset_id = #{datasetId} AND NOT EXISTS (SELECT 1 FROM dataset_version_item vi "
            + "WHERE vi.item_id = i.id) ORDER BY i.id LIMIT #{batch} FOR UPDATE")
    List<ItemRef> removableItems(@Param("datasetId") long datasetId, @Param("batch") int batch);

    /** Their label history goes with them (ON DELETE CASCADE). */
    @Delete("<script>DELETE FROM dataset_item WHERE id IN "
            + "<foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach></script>")
    int deleteItems(@Param("ids") Collection<Long> ids);

    @Select(CANDIDATE + "WHERE (claimed_at IS NULL AND queued_at < #{queuedBefore}) OR claimed_at < #{staleBefore} "
            + "ORDER BY queued_at, blob_key LIMIT #{limit}")
    List<BlobCandidate> dueBlobs(@Param("queuedBefore") Instant queuedBefore,
            @Param("staleBefore") Instant staleBefore, @Param("limit") int limit);

    @Select(CANDIDATE + "ORDER BY queued_at, blob_key LIMIT #{limit}")
    List<BlobCandidate> queuedBlobs(int limit);

    /** Compare-and-set on what was read: of servers reading the same candidate, one claims it. */
    @Update("UPDATE blob_gc_candidate SET claimed_by = #{owner}, claimed_at = #{now} WHERE blob_key = #{c.key} "
            + "AND queued_at = #{c.queuedAt} AND claimed_at <=> #{c.claimedAt}")
    int claimBlob(@Param("c") BlobCandidate candidate, @Param("owner") String owner, @Param("now") Instant now);

    @Select("SELECT (EXISTS (SELECT 1 FROM dataset_item WHERE content_ref = #{key}) "
            + "OR EXISTS (SELECT 1 FROM model_version WHERE artifact_key = #{key}) "
            + "OR EXISTS (SELECT 1 FROM dataset_version WHERE id = #{exportOf}) "
            + "OR EXISTS (SELECT 1 FROM model_version WHERE sha256 = #{copyOfSha} AND format = #{copyOfFormat}))")
    boolean referenced(@Param("key") String key, @Param("exportOf") Long exportOfVersion,
            @Param("copyOfSha") String copyOfSha, @Param("copyOfFormat") String copyOfFormat);

    @Delete("DELETE FROM blob_gc_candidate WHERE blob_key = #{key}")
    int forgetBlob(String key);

    /** Storing the blob again: an unclaimed (or stale) candidate is taken off the queue. */
    @Delete("DELETE FROM blob_gc_candidate WHERE blob_key = #{key} AND (claimed_at IS NULL OR claimed_at < #{staleBefore})")
    int reclaim(@Param("key") String key, @Param("staleBefore") Instant staleBefore);

    @Select("SELECT COUNT(*) FROM blob_gc_candidate WHERE blob_key = #{key} FOR UPDATE")
    int queued(String key);
}
