{{/* The chart name, as labels use it. */}}
{{- define "commander.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource name. Group names are appended to it, so it leaves room for them. */}}
{{- define "commander.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "commander.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "commander.labels" -}}
helm.sh/chart: {{ include "commander.chart" . }}
{{ include "commander.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: commander
{{- end -}}

{{- define "commander.selectorLabels" -}}
app.kubernetes.io/name: {{ include "commander.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one role group: (dict "root" $ "group" $name). */}}
{{- define "commander.groupSelectorLabels" -}}
{{ include "commander.selectorLabels" .root }}
app.kubernetes.io/component: {{ .group }}
{{- end -}}

{{- define "commander.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "commander.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "commander.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "commander.agentImage" -}}
{{- printf "%s:%s" .Values.agentImage.repository (default .Chart.AppVersion .Values.agentImage.tag) -}}
{{- end -}}

{{/* The Secret with the encryption keys: the chart's own, or the one named in the values. */}}
{{- define "commander.keysSecretName" -}}
{{- default (printf "%s-keys" (include "commander.fullname" .)) .Values.encryption.existingSecret -}}
{{- end -}}

{{/* The Secret with the passwords given in the values (database, first administrator). */}}
{{- define "commander.credentialsSecretName" -}}
{{- printf "%s-credentials" (include "commander.fullname" .) -}}
{{- end -}}

{{/* The postgresql resource of mode Internal; the operator names its Service after it. */}}
{{- define "commander.postgresClusterName" -}}
{{- printf "%s-postgres" (include "commander.fullname" .) -}}
{{- end -}}

{{/* The Secret the postgres-operator creates for the database owner. */}}
{{- define "commander.postgresOperatorSecretName" -}}
{{- printf "%s.%s.credentials.postgresql.acid.zalan.do" (.Values.postgres.internal.user | replace "_" "-") (include "commander.postgresClusterName" .) -}}
{{- end -}}

{{- define "commander.isInternalPostgres" -}}
{{- if eq .Values.postgres.mode "Internal" -}}true{{- else if eq .Values.postgres.mode "External" -}}{{- else -}}
{{- fail (printf "postgres.mode must be External or Internal, not %q" .Values.postgres.mode) -}}
{{- end -}}
{{- end -}}

{{/* The URL agents and people use: publicUrl, else derived from the first ingress host. */}}
{{- define "commander.publicUrl" -}}
{{- if .Values.publicUrl -}}
{{- .Values.publicUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts -}}
{{- $host := first .Values.ingress.hosts -}}
{{- $tls := false -}}
{{- range .Values.ingress.tls -}}{{- if has $host .hosts -}}{{- $tls = true -}}{{- end -}}{{- end -}}
{{- printf "%s://%s" (ternary "https" "http" $tls) $host -}}
{{- end -}}
{{- end -}}

{{/* What the pods' port speaks: HTTPS when Commander serves TLS itself (serverTls). */}}
{{- define "commander.scheme" -}}
{{- ternary "HTTPS" "HTTP" (not (empty .Values.serverTls.existingSecret)) -}}
{{- end -}}

{{/* The roles Commander knows (core/.../config/Role.java). */}}
{{- define "commander.knownRoles" -}}
api cluster-manager renderer connector telemetry-ingest outbox-relay agent-gateway
{{- end -}}

{{/* Fails with one line when the role groups name an unknown role, leave a role out, or have no replicas set. */}}
{{- define "commander.validateRoleGroups" -}}
{{- $known := splitList " " (include "commander.knownRoles" .) -}}
{{- $seen := list -}}
{{- range $name, $group := .Values.roleGroups -}}
{{- if $group -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $name) -}}
{{- fail (printf "roleGroups.%s: a group name must be a DNS label (lower case, digits, dashes)" $name) -}}
{{- end -}}
{{- if not $group.roles -}}
{{- fail (printf "roleGroups.%s.roles: list at least one role" $name) -}}
{{- end -}}
{{- if not (or (kindIs "float64" $group.replicas) (kindIs "int64" $group.replicas) (kindIs "int" $group.replicas)) -}}
{{- fail (printf "roleGroups.%s.replicas: a number is required" $name) -}}
{{- end -}}
{{- range $group.roles -}}
{{- if not (has . $known) -}}
{{- fail (printf "roleGroups.%s.roles: unknown role %q (known: %s)" $name . (join ", " $known)) -}}
{{- end -}}
{{- $seen = append $seen . -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $missing := list -}}
{{- range $known -}}{{- if not (has . $seen) -}}{{- $missing = append $missing . -}}{{- end -}}{{- end -}}
{{- if $missing -}}
{{- fail (printf "roleGroups: no group runs %s; every role must run in some group" (join ", " $missing)) -}}
{{- end -}}
{{- end -}}

{{/* The name of the first group (by name) that runs a role: (dict "root" $ "role" "api"). */}}
{{- define "commander.groupRunning" -}}
{{- $role := .role -}}
{{- $found := list -}}
{{- range $name, $group := .root.Values.roleGroups -}}
{{- if and $group (has $role $group.roles) -}}{{- $found = append $found $name -}}{{- end -}}
{{- end -}}
{{- if $found -}}{{- first $found -}}{{- end -}}
{{- end -}}

{{/*
The database connection as container environment variables, shared by the Deployments and the
migration Job: (dict "root" $ "passwordSecret" NAME "passwordKey" KEY). With Internal PostgreSQL the user
and password come from the Secret the operator creates.
*/}}
{{- define "commander.databaseEnv" -}}
{{- $root := .root -}}
{{- $pg := $root.Values.postgres -}}
- name: COMMANDER_DB_MODE
  value: external
- name: COMMANDER_DB_POOL_SIZE
  value: {{ $pg.poolSize | quote }}
{{- if include "commander.isInternalPostgres" $root }}
- name: COMMANDER_DB_HOST
  value: {{ include "commander.postgresClusterName" $root }}
- name: COMMANDER_DB_PORT
  value: "5432"
- name: COMMANDER_DB_NAME
  value: {{ $pg.internal.db | quote }}
- name: COMMANDER_DB_SSL_MODE
  value: {{ $pg.internal.sslMode | quote }}
- name: COMMANDER_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "commander.postgresOperatorSecretName" $root }}
      key: username
- name: COMMANDER_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "commander.postgresOperatorSecretName" $root }}
      key: password
{{- else }}
- name: COMMANDER_DB_HOST
  value: {{ required "postgres.external.host is required when postgres.mode is External" $pg.external.host | quote }}
- name: COMMANDER_DB_PORT
  value: {{ $pg.external.port | quote }}
- name: COMMANDER_DB_NAME
  value: {{ required "postgres.external.db is required" $pg.external.db | quote }}
- name: COMMANDER_DB_SSL_MODE
  value: {{ $pg.external.sslMode | quote }}
- name: COMMANDER_DB_USER
  value: {{ required "postgres.external.user is required" $pg.external.user | quote }}
{{- if $pg.external.existingSecret }}
- name: COMMANDER_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.external.existingSecret }}
      key: {{ $pg.external.existingSecretPasswordKey }}
{{- else if $pg.external.password }}
- name: COMMANDER_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .passwordSecret }}
      key: {{ .passwordKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Environment every Commander container shares (not the roles). */}}
{{- define "commander.commonEnv" -}}
- name: COMMANDER_STATE_DIR
  value: /var/lib/commander
- name: COMMANDER_HTTP_PORT
  value: {{ .Values.service.port | quote }}
- name: COMMANDER_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: COMMANDER_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- with .Values.javaToolOptions }}
- name: JAVA_TOOL_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The volumes the read-only root file system leaves writable. */}}
{{- define "commander.writableVolumes" -}}
- name: state
  emptyDir: {}
- name: tmp
  emptyDir: {}
{{- end -}}

{{- define "commander.writableMounts" -}}
- name: state
  mountPath: /var/lib/commander
- name: tmp
  mountPath: /tmp
{{- end -}}
