/**
 * Store interfaces the core and security bundles use; the implementations are the only code that knows SQL.
 * <p>
 * 3.0.0: {@code DeploymentStore.desiredTarget} (current deployment and effective collection policy in one query)
 * replaces {@code currentDeploymentId}; collection policies per stream or edge.
 * <p>
 * 3.1.0: {@code RolloutStore}; {@code Edge.target} read and written by the edge store.
 * <p>
 * 3.2.0: {@code AgentReleaseStore}; rollouts of agent releases; the agent update and settings in {@code DesiredTarget}.
 * <p>
 * 4.0.0: import jobs are held by a server with a lease ({@code DatasetStore.insertJob} takes the owner and lease,
 * {@code renewJobLeases}, {@code requestCancel}, {@code abandonJobs} instead of {@code abandonRunningJobs}).
 * <p>
 * 4.1.0 (rollups): {@code InferenceStore.rollUp}, {@code deleteRawBefore}, {@code deleteRollupsBefore}.
 * <p>
 * 4.1.0 (deletion): {@code EdgeStore.deleteEdge} and the purge of a deleted edge's data, {@code DatasetStore.markDeleted},
 * {@code ModelStore.deleteVersion}, {@code reclaimBlob} and {@code ArtifactGcStore} for the artifact collector.
 * 4.2.0: {@code EdgeChangeStore} and {@code EdgeChange}, the edge change feed the stores write with every change of an
 * edge's credential, state or desired state.
 * 4.3.0: {@code UserStore.replacePassword} and {@code insertSessionIfPassword}, for password changes that race nothing.
 * 4.4.0: {@code AlertStore} (alert rules, alerts and events, notification channels, the delivery outbox, job leases).
 * 5.0.0: {@code UserRecord} carries {@code directory}, {@code displayName} and {@code email};
 * {@code UserStore.upsertDirectoryUser}.
 * 5.1.0: {@code RetrainingStore} (retraining policies and retrainings); {@code SummaryStore} (daily summaries and their
 * deliveries); {@code AlertStore.failedRollouts} and {@code finishedRuns} for the event alert kinds.
 */
@org.osgi.annotation.versioning.Version("5.1.0")
package io.modelfleet.persistence;
