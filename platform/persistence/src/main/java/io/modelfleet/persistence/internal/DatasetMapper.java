package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultType;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.session.ResultHandler;

import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.ItemQuery;
import io.modelfleet.api.dataset.LabelChange;
import io.modelfleet.api.dataset.NewDataset;

interface DatasetMapper {
    String DATASET = "SELECT d.id, d.name, d.description, d.kind, d.columns, d.labels, d.state, "
            + "(SELECT COUNT(*) FROM dataset_item i WHERE i.dataset_id = d.id AND i.staged = FALSE) AS items, "
            + "(SELECT COUNT(*) FROM dataset_version v WHERE v.dataset_id = d.id) AS versions, "
            + "d.created_at, d.created_by, d.updated_at FROM dataset d ";
    String JOB = "SELECT id, dataset_id, source, state, done, total, imported, skipped, error, created_at, created_by, "
            + "finished_at FROM import_job ";
    String ITEM = "SELECT id, dataset_id, source_key, fields, content_ref, original_label, label, score, edge_id, "
            + "model_version, observed_at FROM dataset_item ";
    String ITEM_FILTER = "<where> dataset_id = #{datasetId} AND staged = FALSE"
            + "<if test='q.label != null'> AND label = #{q.label}</if>"
            + "<if test='q.minScore != null'> AND score &gt;= #{q.minScore}</if>"
            + "<if test='q.maxScore != null'> AND score &lt;= #{q.maxScore}</if>"
            + "<if test='q.edgeId != null'> AND edge_id = #{q.edgeId}</if>"
            + "<if test='q.source != null'> AND import_job_id IN (SELECT j.id FROM import_job j WHERE j.dataset_id = #{datasetId}"
            + " AND j.source = #{q.source})</if></where>";

    record DatasetRow(long id, String name, String description, String kind, String columns, String labels,
            DatasetState state, long items, int versions, Instant createdAt, String createdBy, Instant updatedAt) {
    }

    record ItemRow(long id, long datasetId, String sourceKey, String fields, String contentRef, String originalLabel,
            String label, Double score, Long edgeId, String modelVersion, Instant observedAt) {
    }

    record StagedItem(String key, String fields, String contentRef, String label, Double score, Long edgeId,
            String modelVersion, Instant observedAt) {
    }

    @Insert("INSERT INTO dataset (name, description, kind, columns, labels, state, created_at, created_by, updated_at) "
            + "VALUES (#{d.name}, #{d.description}, #{d.kind}, #{columns}, #{labels}, 'AVAILABLE', #{now}, #{actor}, #{now})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertDataset(@Param("key") EdgeMapper.Generated key, @Param("d") NewDataset dataset,
            @Param("columns") String columns, @Param("labels") String labels, @Param("actor") String actor,
            @Param("now") Instant now);

    @Select(DATASET + "WHERE d.state <> 'DELETED' ORDER BY d.name")
    List<DatasetRow> listDatasets();

    @Select(DATASET + "WHERE d.id = #{id}")
    DatasetRow findDataset(long id);

    @Update("UPDATE dataset SET state = 'IMPORTING', updated_at = #{now} WHERE id = #{id} AND state NOT IN ('IMPORTING', 'DELETED')")
    int beginImport(@Param("id") long id, @Param("now") Instant now);

    /** Never brings a DELETED dataset back. */
    @Update("UPDATE dataset SET state = #{state}, updated_at = #{now} WHERE id = #{id} AND state <> 'DELETED'")
    int setState(@Param("id") long id, @Param("state") DatasetState state, @Param("now") Instant now);

    @Insert("INSERT INTO import_job (dataset_id, source, state, done, total, imported, skipped, created_at, created_by, "
            + "owner, lease_until) VALUES (#{datasetId}, #{source}, 'RUNNING', 0, -1, 0, 0, #{now}, #{actor}, #{owner}, "
            + "#{leaseUntil})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertJob(@Param("key") EdgeMapper.Generated key, @Param("datasetId") long datasetId,
            @Param("source") String source, @Param("actor") String actor, @Param("owner") String owner,
            @Param("leaseUntil") Instant leaseUntil, @Param("now") Instant now);

    @Update("UPDATE import_job SET lease_until = #{until} WHERE owner = #{owner} AND state = 'RUNNING'")
    int renewJobLeases(@Param("owner") String owner, @Param("until") Instant until);

    @Update("UPDATE import_job SET cancel_requested = TRUE WHERE id = #{id} AND state = 'RUNNING'")
    int requestCancel(long id);

    @Select("SELECT cancel_requested FROM import_job WHERE id = #{id}")
    Boolean cancelRequested(long id);

    @Select(JOB + "WHERE id = #{id}")
    ImportJob findJob(long id);

    @Update("UPDATE import_job SET done = #{done}, total = #{total} WHERE id = #{id} AND state = 'RUNNING'")
    int progress(@Param("id") long id, @Param("done") long done, @Param("total") long total);

    @Update("UPDATE import_job SET state = #{state}, imported = #{imported}, skipped = #{skipped}, error = #{error}, "
            + "finished_at = #{now} WHERE id = #{id} AND state = 'RUNNING'")
    int finishJob(@Param("id") long id, @Param("state") ImportJob.ImportState state, @Param("imported") long imported,
            @Param("skipped") long skipped, @Param("error") String error, @Param("now") Instant now);

    @Insert("<script>INSERT IGNORE INTO dataset_item (dataset_id, import_job_id, staged, source_key, fields, content_ref, "
            + "original_label, label, score, edge_id, model_version, observed_at) VALUES "
            + "<foreach item='i' collection='items' separator=','>(#{datasetId}, #{jobId}, TRUE, #{i.key}, #{i.fields}, "
            + "#{i.contentRef}, #{i.label}, #{i.label}, #{i.score}, #{i.edgeId}, #{i.modelVersion}, #{i.observedAt})"
            + "</foreach></script>")
    int stage(@Param("datasetId") long datasetId, @Param("jobId") long jobId, @Param("items") List<StagedItem> items);

    @Select(ITEM + "WHERE id = #{id} AND staged = FALSE")
    ItemRow findItem(long id);

    /** Running imports nobody holds any more: a lease that ran out, a former life of {@code owner}, or no owner. */
    @Select("<script>SELECT id, dataset_id FROM import_job WHERE state = 'RUNNING' AND (lease_until IS NULL "
            + "OR lease_until &lt; #{now}<if test='owner != null'> OR owner = #{owner}</if>) FOR UPDATE</script>")
    List<AbandonedJob> abandonedJobs(@Param("owner") String owner, @Param("now") Instant now);

    @Update("UPDATE import_job SET state = 'FAILED', error = #{reason}, finished_at = #{now} WHERE id = #{id} "
            + "AND state = 'RUNNING'")
    int failJob(@Param("id") long id, @Param("reason") String reason, @Param("now") Instant now);

    @Update("UPDATE dataset SET state = 'AVAILABLE', updated_at = #{now} WHERE id = #{id} AND state = 'IMPORTING'")
    int releaseImportingDataset(@Param("id") long id, @Param("now") Instant now);

    record AbandonedJob(long id, long datasetId) {
    }

    /** Only while the import is still RUNNING: one another server failed (its lease ran out) must not land. */
    @Update("UPDATE dataset_item i JOIN import_job j ON j.id = i.import_job_id SET i.staged = FALSE "
            + "WHERE i.import_job_id = #{jobId} AND i.staged = TRUE AND j.state = 'RUNNING'")
    int commitStaged(long jobId);

    @Delete("DELETE FROM dataset_item WHERE import_job_id = #{jobId} AND staged = TRUE")
    int discardStaged(long jobId);

    @Select("<script>" + ITEM + ITEM_FILTER
            + " ORDER BY score IS NULL, score ASC, id ASC LIMIT #{q.page.limit} OFFSET #{q.page.offset}</script>")
    List<ItemRow> items(@Param("datasetId") long datasetId, @Param("q") ItemQuery query);

    @Select("<script>SELECT COUNT(*) FROM dataset_item " + ITEM_FILTER + "</script>")
    long countItems(@Param("datasetId") long datasetId, @Param("q") ItemQuery query);

    /** Locks the rows being relabelled, in id order. */
    @Select("<script>SELECT id, label FROM dataset_item WHERE dataset_id = #{datasetId} AND staged = FALSE AND id IN "
            + "<foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach> ORDER BY id FOR UPDATE</script>")
    List<LabelRow> lockForRelabel(@Param("datasetId") long datasetId, @Param("ids") List<Long> ids);

    record LabelRow(long id, String label) {
    }

    @Update("UPDATE dataset_item SET label = #{label} WHERE id = #{id}")
    int setLabel(@Param("id") long id, @Param("label") String label);

    @Insert("INSERT INTO dataset_label_change (item_id, old_label, new_label, changed_by, changed_at) "
            + "VALUES (#{id}, #{from}, #{to}, #{actor}, #{now})")
    int recordChange(@Param("id") long id, @Param("from") String from, @Param("to") String to,
            @Param("actor") String actor, @Param("now") Instant now);

    @Select("SELECT item_id, old_label AS `from`, new_label AS `to`, changed_by AS `by`, changed_at AS `at` "
            + "FROM dataset_label_change WHERE item_id = #{itemId} ORDER BY id")
    List<LabelChange> history(long itemId);

    /** Serializes publishing per dataset, so two publishes cannot take the same number. */
    @Select("SELECT id FROM dataset WHERE id = #{id} FOR UPDATE")
    Long lockDataset(long id);

    @Select("SELECT state FROM dataset WHERE id = #{id} FOR UPDATE")
    DatasetState lockDatasetState(long id);

    @Select("SELECT COALESCE(MAX(number), 0) FROM dataset_version WHERE dataset_id = #{id}")
    int maxVersion(long id);

    @Insert("INSERT INTO dataset_version (dataset_id, number, items, created_at, created_by) VALUES (#{datasetId}, "
            + "#{number}, 0, #{now}, #{actor})")
    @Options(useGeneratedKeys = true, keyProperty = "key.id", keyColumn = "id")
    void insertVersion(@Param("key") EdgeMapper.Generated key, @Param("datasetId") long datasetId,
            @Param("number") int number, @Param("actor") String actor, @Param("now") Instant now);

    @Insert("INSERT INTO dataset_version_item (version_id, item_id, label) SELECT #{versionId}, id, label "
            + "FROM dataset_item WHERE dataset_id = #{datasetId} AND staged = FALSE")
    int snapshot(@Param("versionId") long versionId, @Param("datasetId") long datasetId);

    @Update("UPDATE dataset_version SET items = #{items} WHERE id = #{id}")
    int setVersionItems(@Param("id") long id, @Param("items") long items);

    @Select("SELECT id, dataset_id, number, items, created_at, created_by FROM dataset_version "
            + "WHERE dataset_id = #{datasetId} ORDER BY number DESC")
    List<DatasetVersion> versions(long datasetId);

    @Select("SELECT id, dataset_id, number, items, created_at, created_by FROM dataset_version WHERE id = #{id}")
    DatasetVersion findVersion(long id);

    @Select("SELECT i.id, i.dataset_id, i.source_key, i.fields, i.content_ref, i.original_label, v.label, i.score, "
            + "i.edge_id, i.model_version, i.observed_at FROM dataset_version_item v JOIN dataset_item i "
            + "ON i.id = v.item_id WHERE v.version_id = #{versionId} ORDER BY i.id")
    @Options(fetchSize = 1000)
    @ResultType(ItemRow.class)
    void versionItems(@Param("versionId") long versionId, ResultHandler<ItemRow> handler);

    @Select("SELECT i.id, i.dataset_id, i.source_key, i.fields, i.content_ref, i.original_label, v.label, i.score, "
            + "i.edge_id, i.model_version, i.observed_at FROM dataset_version_item v JOIN dataset_item i "
            + "ON i.id = v.item_id WHERE v.version_id = #{versionId} AND i.source_key = #{key} LIMIT 1")
    ItemRow findVersionItem(@Param("versionId") long versionId, @Param("key") String key);

    // ---- Deletion ----

    /** The streams training on any version of the dataset, by name. */
    @Select("SELECT s.name FROM stream s JOIN dataset_version v ON v.id = s.dataset_version_id "
            + "WHERE v.dataset_id = #{id} ORDER BY s.name")
    List<String> streamsUsing(long id);

    @Update("UPDATE dataset SET state = 'DELETED', updated_at = #{now} WHERE id = #{id} "
            + "AND state NOT IN ('IMPORTING', 'DELETED')")
    int markDeleted(@Param("id") long id, @Param("now") Instant now);
}
