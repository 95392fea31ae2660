{{/*
Names, labels and the per-block settings every template uses.
*/}}

{{- define "quintet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-quintet, cut so that "<fullname>-objectstore-data" stays within 63 characters. */}}
{{- define "quintet.fullname" -}}
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

{{- define "quintet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The blocks in the order they are rendered. */}}
{{- define "quintet.blockNames" -}}
gateway linkora synkronus objectstore kosync kora
{{- end -}}

{{/*
What each block is: its module (image name), HTTP port, root path, gateway variable and whether it
keeps files in QUINTET_DATA_DIR. Kept equal to the launcher's
ServiceCatalog (deploy/src/main/java/io/quintet/deploy/ServiceCatalog.java; a chart test checks it).
*/}}
{{- define "quintet.catalog" -}}
gateway: {module: gateway, port: 8080, prefix: "", upstreamVariable: "", dataDir: true}
linkora: {module: linkora-service, port: 8081, prefix: /linkora, upstreamVariable: QUINTET_UPSTREAM_LINKORA, dataDir: true}
synkronus: {module: synkronus-service, port: 8082, prefix: /synkronus, upstreamVariable: QUINTET_UPSTREAM_SYNKRONUS, dataDir: true}
objectstore: {module: objectstore-service, port: 8083, prefix: /objectstore, upstreamVariable: QUINTET_UPSTREAM_OBJECTSTORE, dataDir: false}
kosync: {module: kosync-service, port: 8084, prefix: /kosync, upstreamVariable: QUINTET_UPSTREAM_KOSYNC, dataDir: false}
kora: {module: kora-service, port: 8085, prefix: /kora, upstreamVariable: QUINTET_UPSTREAM_KORA, dataDir: false}
{{- end -}}

{{/*
Deep merge: keys of "over" win, maps are merged key by key. (Sprig's merge functions skip false,
0 and "" in the winning map, so a block could not turn off what the defaults turn on.)
*/}}
{{- define "quintet.mergeOver" -}}
{{- $base := deepCopy .base -}}
{{- range $key, $value := .over -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $base $key)) -}}
{{- $_ := set $base $key (include "quintet.mergeOver" (dict "base" (get $base $key) "over" $value) | fromJson) -}}
{{- else -}}
{{- $_ := set $base $key $value -}}
{{- end -}}
{{- end -}}
{{- toJson $base -}}
{{- end -}}

{{/*
One block's settings: defaults merged with the block, plus what the block is (name, fullname,
module, port, prefix, health root, image). Call: include "quintet.block" (dict "root" $ "name" "kosync") | fromJson
*/}}
{{- define "quintet.block" -}}
{{- $root := .root -}}
{{- $own := index $root.Values .name -}}
{{- $b := include "quintet.mergeOver" (dict "base" $root.Values.defaults "over" $own) | fromJson -}}
{{- $catalog := index (include "quintet.catalog" $root | fromYaml) .name -}}
{{- $_ := set $b "name" .name -}}
{{- $_ := set $b "fullname" (printf "%s-%s" (include "quintet.fullname" $root) .name) -}}
{{- $_ := set $b "module" $catalog.module -}}
{{- $_ := set $b "port" (int $catalog.port) -}}
{{- $_ := set $b "prefix" $catalog.prefix -}}
{{- $_ := set $b "upstreamVariable" $catalog.upstreamVariable -}}
{{- $_ := set $b "usesDataDir" $catalog.dataDir -}}
{{- $repository := default (printf "quintet/%s" $catalog.module) $b.image.repository -}}
{{- if and $root.Values.global.imageRegistry (not (regexMatch "^[^/]+[.:][^/]*/" $repository)) -}}
{{- $repository = printf "%s/%s" $root.Values.global.imageRegistry $repository -}}
{{- end -}}
{{- $_ := set $b "imageRef" (printf "%s:%s" $repository (default $root.Chart.AppVersion $b.image.tag | toString)) -}}
{{- if $b.management.enabled -}}
{{- $_ := set $b "healthPort" "management" -}}
{{- $_ := set $b "healthRoot" "/q/health" -}}
{{- $_ := set $b "metricsPath" "/q/metrics" -}}
{{- $_ := set $b "metricsPort" (int $b.management.port) -}}
{{- else -}}
{{- $_ := set $b "healthPort" "http" -}}
{{- $_ := set $b "healthRoot" (printf "%s/q/health" $catalog.prefix) -}}
{{- $_ := set $b "metricsPath" (printf "%s/q/metrics" $catalog.prefix) -}}
{{- $_ := set $b "metricsPort" (int $catalog.port) -}}
{{- end -}}
{{- $secretName := $b.secrets.existingSecret | default (printf "%s-%s" (include "quintet.fullname" $root) .name) -}}
{{- $_ := set $b "secretName" $secretName -}}
{{- toJson $b -}}
{{- end -}}

{{- define "quintet.labels" -}}
helm.sh/chart: {{ include "quintet.chart" .root }}
app.kubernetes.io/name: {{ include "quintet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: quintet
{{- end -}}

{{/* Selectors use name, instance and component only (these never change on upgrade). */}}
{{- define "quintet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "quintet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "quintet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "quintet.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "quintet.databaseSecretName" -}}
{{- .Values.database.existingSecret | default (printf "%s-database" (include "quintet.fullname" .)) -}}
{{- end -}}

{{/* Replicas that run at least: decides whether a PodDisruptionBudget makes sense. */}}
{{- define "quintet.minReplicas" -}}
{{- if .autoscaling.enabled -}}{{ int .autoscaling.minReplicas }}{{- else -}}{{ int .replicaCount }}{{- end -}}
{{- end -}}

{{/* The in-cluster URL of a block's Service. */}}
{{- define "quintet.serviceUrl" -}}
{{- printf "http://%s.%s.svc.%s:%d" .block.fullname .root.Release.Namespace .root.Values.clusterDomain (int .block.port) -}}
{{- end -}}

{{/* Secret keys whose values are JSON files rather than environment variables. */}}
{{- define "quintet.objectstoreConfigKey" -}}sync-server-config.json{{- end -}}
