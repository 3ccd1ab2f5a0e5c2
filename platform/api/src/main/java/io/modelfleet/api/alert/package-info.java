/**
 * Alerting: rules over the fleet's state and inference rollups, the alerts they raise (FIRING, ACKNOWLEDGED,
 * SILENCED, RESOLVED), notification channels (webhook, Microsoft Teams, Slack, email), their delivery log and the
 * in-app notification center.
 * <p>
 * 1.1.0: event kinds ROLLOUT_FAILED, TRAINING_FAILED, TRAINING_SUCCEEDED; daily summaries ({@code SummaryService}).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.alert;
