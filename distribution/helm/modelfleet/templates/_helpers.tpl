{{/* The release's resource name: fullnameOverride, or release-chart (just the release when it names the chart). */}}
{{- define "modelfleet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "modelfleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "modelfleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modelfleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "modelfleet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "modelfleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "modelfleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "modelfleet.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "modelfleet.claimName" -}}
{{- default (printf "%s-artifacts" (include "modelfleet.fullname" .)) .Values.artifacts.persistence.existingClaim -}}
{{- end -}}

{{/* Whether the chart's own Secret has anything to hold. */}}
{{- define "modelfleet.ownSecret" -}}
{{- if or (and .Values.database.password (not .Values.database.existingSecret)) (and .Values.admin.password (not .Values.admin.existingSecret)) (and .Values.metrics.token (not .Values.metrics.existingSecret)) (and .Values.artifacts.s3.enabled .Values.artifacts.s3.secretKey (not .Values.artifacts.s3.existingSecret)) -}}
true
{{- end -}}
{{- end -}}

{{/* Settings that cannot work together fail the install with the reason, before anything is created. */}}
{{- define "modelfleet.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.database.url) -}}
{{- fail "replicaCount > 1 needs an external database: set database.url (the embedded MariaDB serves one replica)" -}}
{{- end -}}
{{- if .Values.artifacts.s3.enabled -}}
{{- if not .Values.database.url -}}
{{- fail "artifacts.s3 needs database.url: the embedded database lives on the artifact volume, which S3 replaces" -}}
{{- end -}}
{{- if not .Values.signing.existingSecret -}}
{{- fail "artifacts.s3 needs signing.existingSecret: without a shared volume the servers cannot keep a generated signing key" -}}
{{- end -}}
{{- if not .Values.artifacts.s3.accessKey -}}
{{- fail "artifacts.s3 needs artifacts.s3.accessKey" -}}
{{- end -}}
{{- if and (not .Values.artifacts.s3.secretKey) (not .Values.artifacts.s3.existingSecret) -}}
{{- fail "artifacts.s3 needs artifacts.s3.secretKey or artifacts.s3.existingSecret" -}}
{{- end -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.artifacts.s3.enabled) (not .Values.artifacts.persistence.existingClaim) (not (has "ReadWriteMany" .Values.artifacts.persistence.accessModes)) -}}
{{- fail "replicaCount > 1 needs an artifact store every pod can write: artifacts.s3, artifacts.persistence.accessModes [ReadWriteMany] or artifacts.persistence.existingClaim" -}}
{{- end -}}
{{- if and .Values.ingress.enabled .Values.ingress.tls.enabled (not .Values.ingress.tls.secretName) -}}
{{- fail "ingress.tls.enabled needs ingress.tls.secretName" -}}
{{- end -}}
{{- end -}}

{{/* An env entry from a Secret: the user's existing one, or the chart's own when the value was given in values. */}}
{{- define "modelfleet.secretEnv" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $settings := index . 2 -}}{{- $value := index . 3 -}}{{- $ownKey := index . 4 -}}
{{- if $settings.existingSecret }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $settings.existingSecret }}
      key: {{ $settings.existingSecretKey }}
{{- else if $value }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "modelfleet.fullname" $root }}
      key: {{ $ownKey }}
{{- end }}
{{- end -}}

{{/* The server's environment beyond the ConfigMap: passwords from Secrets, then the user's own variables. */}}
{{- define "modelfleet.env" -}}
{{- include "modelfleet.secretEnv" (list . "MODELFLEET_DB_PASSWORD" .Values.database .Values.database.password "db-password") }}
{{- include "modelfleet.secretEnv" (list . "MODELFLEET_ADMIN_PASSWORD" .Values.admin .Values.admin.password "admin-password") }}
{{- include "modelfleet.secretEnv" (list . "MODELFLEET_METRICS_TOKEN" .Values.metrics .Values.metrics.token "metrics-token") }}
{{- if .Values.artifacts.s3.enabled }}
{{- include "modelfleet.secretEnv" (list . "MODELFLEET_S3_SECRET_KEY" .Values.artifacts.s3 .Values.artifacts.s3.secretKey "s3-secret-key") }}
{{- end }}
{{- with .Values.server.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
