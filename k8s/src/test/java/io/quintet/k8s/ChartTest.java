package io.quintet.k8s;

import static io.quintet.k8s.Manifests.*;
import static org.junit.jupiter.api.Assertions.*;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's checks, for every values file under ci/ and the two shipped profiles: lint, strict
 * validation against the API types, and the rules an API server or controller would enforce.
 */
class ChartTest {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** IANA_SVC_NAME: at most 15, lower case letters, digits and single hyphens, at least one letter. */
    private static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]|[a-z]");

    private static final Set<String> SELECTOR_KEYS =
            Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component");
    private static final Map<String, String> MODULES = Map.of(
            "gateway",
            "gateway",
            "linkora",
            "linkora-service",
            "synkronus",
            "synkronus-service",
            "objectstore",
            "objectstore-service",
            "kosync",
            "kosync-service",
            "kora",
            "kora-service");

    static Stream<Path> valuesFiles() throws IOException {
        return Chart.valuesFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName("helm lint --strict passes")
    void lintStrict(Path values) throws IOException {
        LintResult result = Chart.lint(values);
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName("every manifest is a valid object of a served Kubernetes API version (strict)")
    void strictValidation(Path values) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> manifest : Chart.manifests(values))
            problems.addAll(StrictValidator.problems(manifest));
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName("names are DNS-1123, labels standard, selectors on name/instance/component only")
    void namesAndLabels(Path values) {
        List<Map<String, Object>> manifests = Chart.manifests(values);
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> m : manifests) {
            String name = name(m);
            String kind = kind(m);
            assertTrue(seen.add(kind + "/" + name), "duplicate " + kind + "/" + name);
            Pattern rule =
                    Set.of("Service", "Deployment", "Namespace").contains(kind) ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
            int max = rule == DNS1123_LABEL ? 63 : 253;
            assertTrue(
                    rule.matcher(name).matches() && name.length() <= max, kind + " name " + name + " is not DNS-1123");
            Map<String, Object> labels = map(m, "metadata", "labels");
            for (String key : List.of(
                    "app.kubernetes.io/name",
                    "app.kubernetes.io/instance",
                    "app.kubernetes.io/managed-by",
                    "app.kubernetes.io/version",
                    "helm.sh/chart")) {
                assertTrue(labels.containsKey(key), kind + " " + name + " lacks label " + key);
            }
            labels.forEach((k, v) -> assertTrue(String.valueOf(v).length() <= 63, "label value too long: " + k));
        }
        for (Map<String, Object> d : ofKind(manifests, "Deployment")) {
            Map<String, Object> selector = map(d, "spec", "selector", "matchLabels");
            assertEquals(SELECTOR_KEYS, selector.keySet(), "selector of " + name(d));
            assertTrue(name(d).length() <= 47, "Deployment " + name(d) + ": pod names (+16) must stay within 63");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName("port names are IANA service names of at most 15 characters, ports in range and unique")
    void ports(Path values) {
        for (Map<String, Object> d : ofKind(Chart.manifests(values), "Deployment")) {
            for (Map<String, Object> c : containers(d)) {
                Set<String> names = new HashSet<>();
                Set<Object> numbers = new HashSet<>();
                for (Map<String, Object> p : list(c, "ports")) {
                    String portName = (String) p.get("name");
                    assertTrue(
                            portName.length() <= 15
                                    && PORT_NAME.matcher(portName).matches(),
                            "port name " + portName);
                    assertTrue(names.add(portName), "duplicate port name " + portName);
                    int number = (Integer) p.get("containerPort");
                    assertTrue(number > 0 && number < 65536 && numbers.add(number), "port " + number);
                }
            }
        }
        for (Map<String, Object> s : ofKind(Chart.manifests(values), "Service")) {
            for (Map<String, Object> p : list(s, "spec", "ports")) {
                String portName = (String) p.get("name");
                assertTrue(
                        portName.length() <= 15
                                && DNS1123_LABEL.matcher(portName).matches(),
                        "service port name " + portName);
                int number = (Integer) p.get("port");
                assertTrue(number > 0 && number < 65536, "port " + number);
                if (p.containsKey("nodePort")) {
                    int nodePort = (Integer) p.get("nodePort");
                    assertTrue(nodePort >= 30000 && nodePort <= 32767, "nodePort " + nodePort);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName("selectors match pod labels; Services, HPAs, PDBs, policies and routes point at what exists")
    void references(Path values) {
        List<Map<String, Object>> manifests = Chart.manifests(values);
        List<Map<String, Object>> deployments = ofKind(manifests, "Deployment");
        for (Map<String, Object> d : deployments) {
            Map<String, Object> podLabels = map(d, "spec", "template", "metadata", "labels");
            assertTrue(
                    matches(map(d, "spec", "selector", "matchLabels"), podLabels),
                    "selector of " + name(d) + " misses its pods");
        }
        for (Map<String, Object> s : ofKind(manifests, "Service")) {
            Map<String, Object> selector = map(s, "spec", "selector");
            List<Map<String, Object>> targets = deployments.stream()
                    .filter(d -> matches(selector, map(d, "spec", "template", "metadata", "labels")))
                    .toList();
            assertEquals(1, targets.size(), "Service " + name(s) + " selects " + targets.size() + " Deployments");
            Set<Object> containerPorts = containers(targets.get(0)).stream()
                    .flatMap(c -> list(c, "ports").stream())
                    .map(p -> p.get("name"))
                    .collect(Collectors.toSet());
            for (Map<String, Object> p : list(s, "spec", "ports")) {
                assertTrue(
                        containerPorts.contains(p.get("targetPort")),
                        "Service " + name(s) + " targets unknown port " + p.get("targetPort"));
            }
        }
        Set<String> deploymentNames = deployments.stream().map(Manifests::name).collect(Collectors.toSet());
        for (Map<String, Object> h : ofKind(manifests, "HorizontalPodAutoscaler")) {
            Map<String, Object> target = map(h, "spec", "scaleTargetRef");
            assertEquals("Deployment", target.get("kind"));
            assertEquals("apps/v1", target.get("apiVersion"));
            assertTrue(
                    deploymentNames.contains((String) target.get("name")),
                    "HPA " + name(h) + " targets a missing Deployment");
            Map<String, Object> d = byName(deployments, (String) target.get("name"));
            assertFalse(
                    map(d, "spec").containsKey("replicas"), "Deployment " + name(d) + " sets replicas under an HPA");
            assertFalse(list(h, "spec", "metrics").isEmpty());
        }
        for (Map<String, Object> p : ofKind(manifests, "PodDisruptionBudget")) {
            Map<String, Object> selector = map(p, "spec", "selector", "matchLabels");
            List<Map<String, Object>> targets = deployments.stream()
                    .filter(d -> matches(selector, map(d, "spec", "template", "metadata", "labels")))
                    .toList();
            assertEquals(1, targets.size(), "PDB " + name(p) + " selects " + targets.size() + " Deployments");
            Map<String, Object> d = targets.get(0);
            int replicas = minReplicas(d, manifests);
            assertTrue(replicas > 1, "PDB " + name(p) + " on a single replica blocks drains");
        }
        for (Map<String, Object> n : ofKind(manifests, "NetworkPolicy")) {
            Map<String, Object> selector = map(n, "spec", "podSelector", "matchLabels");
            assertTrue(
                    deployments.stream()
                            .anyMatch(d -> matches(selector, map(d, "spec", "template", "metadata", "labels"))),
                    "NetworkPolicy " + name(n) + " selects no pods");
        }
        Map<String, Map<String, Object>> services =
                ofKind(manifests, "Service").stream().collect(Collectors.toMap(Manifests::name, s -> s));
        for (Map<String, Object> i : ofKind(manifests, "Ingress")) {
            for (Map<String, Object> rule : list(i, "spec", "rules")) {
                for (Map<String, Object> path : list(rule, "http", "paths")) {
                    Map<String, Object> backend = map(path, "backend", "service");
                    Map<String, Object> service = services.get((String) backend.get("name"));
                    assertNotNull(service, "Ingress backend " + backend.get("name"));
                    Object port = map(backend, "port").get("name");
                    assertTrue(
                            list(service, "spec", "ports").stream()
                                    .anyMatch(p -> p.get("name").equals(port)),
                            "Ingress port " + port);
                }
            }
        }
        for (Map<String, Object> r : ofKind(manifests, "HTTPRoute")) {
            assertEquals("gateway.networking.k8s.io/v1", r.get("apiVersion"));
            assertFalse(list(r, "spec", "parentRefs").isEmpty(), "HTTPRoute without parentRefs");
            for (Map<String, Object> rule : list(r, "spec", "rules")) {
                for (Map<String, Object> ref : list(rule, "backendRefs")) {
                    Map<String, Object> service = services.get((String) ref.get("name"));
                    assertNotNull(service, "HTTPRoute backend " + ref.get("name"));
                    assertTrue(
                            list(service, "spec", "ports").stream()
                                    .anyMatch(p -> p.get("port").equals(ref.get("port"))),
                            "HTTPRoute port");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName(
            "every container has liveness and readiness probes on a port it declares, resources, and a locked-down security context")
    void containersAreComplete(Path values) {
        for (Map<String, Object> d : ofKind(Chart.manifests(values), "Deployment")) {
            Map<String, Object> pod = map(d, "spec", "template", "spec");
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertEquals(true, podSecurity.get("runAsNonRoot"), name(d));
            assertEquals(false, pod.get("automountServiceAccountToken"), name(d));
            for (Map<String, Object> c : containers(d)) {
                Set<Object> portNames =
                        list(c, "ports").stream().map(p -> p.get("name")).collect(Collectors.toSet());
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    Map<String, Object> http = map(c, probe, "httpGet");
                    assertFalse(http.isEmpty(), name(d) + " lacks " + probe);
                    assertTrue(
                            portNames.contains(http.get("port")),
                            name(d) + " " + probe + " on undeclared port " + http.get("port"));
                    assertTrue(
                            ((String) http.get("path")).matches("(/[a-z]+)?/q/health/(live|ready)"),
                            name(d) + " " + probe + " path " + http.get("path"));
                }
                Map<String, Object> resources = map(c, "resources");
                assertFalse(map(resources, "requests").isEmpty(), name(d) + " lacks resource requests");
                assertNotNull(map(resources, "limits").get("memory"), name(d) + " lacks a memory limit");
                Map<String, Object> security = map(c, "securityContext");
                assertEquals(true, security.get("readOnlyRootFilesystem"), name(d));
                assertEquals(false, security.get("allowPrivilegeEscalation"), name(d));
                assertEquals(List.of("ALL"), map(security, "capabilities").get("drop"), name(d));
                Set<String> mounts = list(c, "volumeMounts").stream()
                        .map(v -> (String) v.get("mountPath"))
                        .collect(Collectors.toSet());
                assertTrue(mounts.contains("/tmp"), name(d) + ": a read-only root needs a writable /tmp");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName(
            "every environment variable is one the service reads; secrets, config maps and claims referenced exist or are named by the user")
    void environmentAndReferences(Path values) throws IOException {
        List<Map<String, Object>> manifests = Chart.manifests(values);
        Set<String> secrets =
                ofKind(manifests, "Secret").stream().map(Manifests::name).collect(Collectors.toSet());
        Set<String> configMaps =
                ofKind(manifests, "ConfigMap").stream().map(Manifests::name).collect(Collectors.toSet());
        Set<String> claims = ofKind(manifests, "PersistentVolumeClaim").stream()
                .map(Manifests::name)
                .collect(Collectors.toSet());
        String valuesText = Files.readString(values);
        for (Map<String, Object> d : ofKind(manifests, "Deployment")) {
            String component = (String) map(d, "metadata", "labels").get("app.kubernetes.io/component");
            String module = MODULES.get(component);
            assertNotNull(module, "unknown component " + component);
            for (Map<String, Object> c : containers(d)) {
                Set<String> seen = new HashSet<>();
                for (Map<String, Object> env : list(c, "env")) {
                    String variable = (String) env.get("name");
                    assertTrue(seen.add(variable), name(d) + " sets " + variable + " twice");
                    assertTrue(ServiceEnvironment.reads(module, variable), module + " does not read " + variable);
                    Map<String, Object> ref = map(env, "valueFrom", "secretKeyRef");
                    if (!ref.isEmpty()) {
                        String secret = (String) ref.get("name");
                        assertTrue(
                                secrets.contains(secret)
                                        || Boolean.TRUE.equals(ref.get("optional"))
                                        || valuesText.contains(secret),
                                name(d) + " reads missing Secret " + secret);
                    }
                }
            }
            for (Map<String, Object> volume : list(d, "spec", "template", "spec", "volumes")) {
                String secret = (String) map(volume, "secret").get("secretName");
                if (secret != null)
                    assertTrue(secrets.contains(secret) || valuesText.contains(secret), "missing Secret " + secret);
                String configMap = (String) map(volume, "configMap").get("name");
                if (configMap != null)
                    assertTrue(
                            configMaps.contains(configMap) || valuesText.contains(configMap),
                            "missing ConfigMap " + configMap);
                String claim = (String) map(volume, "persistentVolumeClaim").get("claimName");
                if (claim != null)
                    assertTrue(claims.contains(claim) || valuesText.contains(claim), "missing claim " + claim);
            }
            Map<String, Object> annotations = map(d, "spec", "template", "metadata", "annotations");
            for (String checksum : List.of("checksum/database", "checksum/config", "checksum/secret")) {
                assertTrue(
                        String.valueOf(annotations.get(checksum)).matches("[0-9a-f]{64}"),
                        name(d) + " lacks " + checksum);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    @DisplayName(
            "the gateway is the only entry; its upstream lists name the services' DNS names and ports (the launcher's catalog)")
    void gatewayIsTheEntry(Path values) throws IOException {
        List<Map<String, Object>> manifests = Chart.manifests(values);
        Map<String, Integer> catalog = launcherCatalog();
        Map<String, Object> gateway = ofKind(manifests, "Deployment").stream()
                .filter(d -> "gateway".equals(map(d, "metadata", "labels").get("app.kubernetes.io/component")))
                .findFirst()
                .orElseThrow();
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> e : list(containers(gateway).get(0), "env"))
            env.put((String) e.get("name"), (String) e.get("value"));
        Map<String, Map<String, Object>> services =
                ofKind(manifests, "Service").stream().collect(Collectors.toMap(Manifests::name, s -> s));
        for (Map<String, Object> d : ofKind(manifests, "Deployment")) {
            String component = (String) map(d, "metadata", "labels").get("app.kubernetes.io/component");
            Map<String, Object> service = services.get(name(d));
            assertNotNull(service, "no Service for " + name(d));
            int port = (Integer) list(service, "spec", "ports").get(0).get("port");
            if (component.equals("gateway")) continue;
            assertEquals("ClusterIP", map(service, "spec").get("type"), name(d) + " must not be an entry");
            assertEquals(catalog.get(component), port, component + " port differs from the launcher's ServiceCatalog");
            String upstreams = env.get("QUINTET_UPSTREAM_" + component.toUpperCase());
            assertNotNull(upstreams, "gateway has no upstream for " + component);
            assertEquals(
                    "http://" + name(d) + "." + Chart.NAMESPACE + ".svc.cluster.local:" + port,
                    upstreams.split(",")[0]);
        }
        for (String key : env.keySet()) {
            if (key.startsWith("QUINTET_UPSTREAM_")) {
                String component = key.substring("QUINTET_UPSTREAM_".length())
                        .replaceFirst("_MANAGEMENT_PORT$", "")
                        .toLowerCase();
                assertTrue(
                        ofKind(manifests, "Deployment").stream()
                                .anyMatch(d -> component.equals(
                                        map(d, "metadata", "labels").get("app.kubernetes.io/component"))),
                        "upstream for a disabled service: " + key);
            }
        }
    }

    @Test
    @DisplayName(
            "the HA profile scales, spreads and budgets every block; the small-VPS profile runs one of each without budgets")
    void profiles() {
        List<Map<String, Object>> ha = Chart.manifests(Chart.DIR.resolve("values-ha.yaml"));
        assertEquals(6, ofKind(ha, "Deployment").size());
        assertEquals(6, ofKind(ha, "HorizontalPodAutoscaler").size());
        assertEquals(6, ofKind(ha, "PodDisruptionBudget").size());
        assertEquals(1, ofKind(ha, "Ingress").size());
        for (Map<String, Object> d : ofKind(ha, "Deployment")) {
            assertEquals(
                    2,
                    list(d, "spec", "template", "spec", "topologySpreadConstraints")
                            .size(),
                    name(d));
            assertFalse(map(d, "spec").containsKey("replicas"));
        }
        List<Map<String, Object>> vps = Chart.manifests(Chart.DIR.resolve("values-small-vps.yaml"));
        assertEquals(6, ofKind(vps, "Deployment").size());
        assertEquals(0, ofKind(vps, "PodDisruptionBudget").size());
        assertEquals(0, ofKind(vps, "HorizontalPodAutoscaler").size());
        for (Map<String, Object> d : ofKind(vps, "Deployment"))
            assertEquals(1, map(d, "spec").get("replicas"), name(d));
    }

    @Test
    @DisplayName("probes use the management port where the block serves health there, else the service's own root path")
    void probeTargets() {
        List<Map<String, Object>> manifests = Chart.manifests(Chart.DIR.resolve("ci/minimal-values.yaml"));
        Map<String, Object> gateway = byName(ofKind(manifests, "Deployment"), "quintet-gateway");
        assertEquals(
                "management",
                map(containers(gateway).get(0), "readinessProbe", "httpGet").get("port"));
        // one service down must not take the entry for all the others out of its Service
        assertEquals(
                "/q/health/live",
                map(containers(gateway).get(0), "readinessProbe", "httpGet").get("path"));
        // every service serves health on its management interface, and the gateway asks its readiness there
        Map<String, Object> kosync = byName(ofKind(manifests, "Deployment"), "quintet-kosync");
        assertEquals(
                "management",
                map(containers(kosync).get(0), "readinessProbe", "httpGet").get("port"));
        assertEquals(
                "/q/health/ready",
                map(containers(kosync).get(0), "readinessProbe", "httpGet").get("path"));
        assertEquals(
                "/q/health/live",
                map(containers(kosync).get(0), "livenessProbe", "httpGet").get("path"));
        assertEquals(
                "/q/health/started",
                map(containers(kosync).get(0), "startupProbe", "httpGet").get("path"));
        assertTrue(list(containers(gateway).get(0), "env").stream()
                .anyMatch(e -> "QUINTET_UPSTREAM_KOSYNC_MANAGEMENT_PORT".equals(e.get("name"))
                        && "9000".equals(e.get("value"))));
        // an image built without it: the service's own port, under its root path
        List<Map<String, Object>> unmanaged = Chart.parse(Chart.template(
                Chart.DIR.resolve("ci/minimal-values.yaml"), Map.of("kosync.management.enabled", false)));
        Map<String, Object> plain = byName(ofKind(unmanaged, "Deployment"), "quintet-kosync");
        assertEquals(
                "http",
                map(containers(plain).get(0), "livenessProbe", "httpGet").get("port"));
        assertEquals(
                "/kosync/q/health/live",
                map(containers(plain).get(0), "livenessProbe", "httpGet").get("path"));
        List<Map<String, Object>> managed = Chart.manifests(Chart.DIR.resolve("ci/httproute-autoscaling-values.yaml"));
        Map<String, Object> kora = byName(ofKind(managed, "Deployment"), "quintet-kora");
        assertEquals(
                "management",
                map(containers(kora).get(0), "readinessProbe", "httpGet").get("port"));
        assertTrue(list(containers(kora).get(0), "env").stream()
                .anyMatch(e -> "QUARKUS_MANAGEMENT_PORT".equals(e.get("name"))));
    }

    @Test
    @DisplayName("a changed secret value changes the pods' checksum (rolling them)")
    void checksumFollowsSecrets() {
        Path minimal = Chart.DIR.resolve("ci/minimal-values.yaml");
        String before = String.valueOf(map(
                        byName(ofKind(Chart.manifests(minimal), "Deployment"), "quintet-synkronus"),
                        "spec",
                        "template",
                        "metadata",
                        "annotations")
                .get("checksum/secret"));
        List<Map<String, Object>> changed = Chart.parse(Chart.template(
                minimal, Map.of("synkronus.secrets.values.JWT_SECRET", "another-secret-of-at-least-32-characters")));
        String after = String.valueOf(map(
                        byName(ofKind(changed, "Deployment"), "quintet-synkronus"),
                        "spec",
                        "template",
                        "metadata",
                        "annotations")
                .get("checksum/secret"));
        assertNotEquals(before, after);
        List<Map<String, Object>> database =
                Chart.parse(Chart.template(minimal, Map.of("database.password", "rotated")));
        assertNotEquals(
                map(
                                byName(ofKind(Chart.manifests(minimal), "Deployment"), "quintet-kora"),
                                "spec",
                                "template",
                                "metadata",
                                "annotations")
                        .get("checksum/database"),
                map(
                                byName(ofKind(database, "Deployment"), "quintet-kora"),
                                "spec",
                                "template",
                                "metadata",
                                "annotations")
                        .get("checksum/database"));
    }

    @Test
    @DisplayName("rendering without a database fails early with a message saying what to set")
    void databaseIsRequired() {
        Exception e = assertThrows(Exception.class, () -> Chart.template(null, Map.of()));
        assertTrue(e.getMessage().contains("database.url is required"), e.getMessage());
    }

    @Test
    @DisplayName("the services' shared secrets are required unless a Secret of the user's is named")
    void serviceSecretsAreRequired() {
        Exception e = assertThrows(
                Exception.class,
                () -> Chart.template(
                        null,
                        Map.of(
                                "database.url",
                                "postgresql://pg/quintet",
                                "linkora.secrets.values.LINKORA_SERVER_AUTH_TOKEN",
                                "t")));
        assertTrue(e.getMessage().contains("JWT_SECRET is required"), e.getMessage());
        String rendered = Chart.template(
                null,
                Map.of(
                        "database.url",
                        "postgresql://pg/quintet",
                        "linkora.secrets.existingSecret",
                        "mine",
                        "synkronus.enabled",
                        false));
        assertTrue(rendered.contains("name: mine"));
    }

    @Test
    @DisplayName("a typo in a values key fails the schema: top level, in a block, in the defaults, in a secret name")
    void typosFail() {
        Path minimal = Chart.DIR.resolve("ci/minimal-values.yaml");
        for (String typo : List.of(
                "replicaCont",
                "kosync.replicaCont",
                "defaults.resorces.limits.memory",
                "kora.secrets.values.KORA_ADMIN_TOKN",
                "gateway.tls.existingSecrt",
                "ingress.enabeld",
                "kosync.probes.liveness.periodSecond")) {
            Exception e = assertThrows(Exception.class, () -> Chart.template(minimal, Map.of(typo, "1")), typo);
            assertTrue(
                    e.getMessage().contains("additional properties")
                            || e.getMessage().contains("not allowed"),
                    typo + ": " + e.getMessage());
        }
        Exception e = assertThrows(
                Exception.class, () -> Chart.template(minimal, Map.of("kosync.image.pullPolicy", "Sometimes")));
        assertTrue(e.getMessage().contains("pullPolicy"), e.getMessage());
    }

    @Test
    @DisplayName(
            "the validator itself refuses unknown fields, missing required fields, wrong types and removed API versions")
    void validatorIsStrict() {
        assertFalse(StrictValidator.problems(Chart.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                spec: {ports: [{port: 80, targetPorts: http}]}
                """).get(0)).isEmpty(), "unknown field");
        assertFalse(StrictValidator.problems(Chart.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: a}
                spec: {template: {spec: {containers: [{name: a}]}}}
                """).get(0)).isEmpty(), "missing selector");
        assertFalse(StrictValidator.problems(Chart.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                spec: {ports: [{port: eighty}]}
                """).get(0)).isEmpty(), "wrong type");
        assertFalse(StrictValidator.problems(Chart.parse("""
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: a}
                spec: {minAvailable: 1}
                """).get(0)).isEmpty(), "removed version");
        assertFalse(StrictValidator.problems(Chart.parse("""
                apiVersion: v1
                kind: Pod
                metadata: {name: a}
                spec: {containers: [{name: a, resources: {limits: {memory: lots}}}]}
                """).get(0)).isEmpty(), "bad quantity");
        assertEquals(List.of(), StrictValidator.problems(Chart.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                spec: {ports: [{port: 80, targetPort: http}]}
                """).get(0)));
    }

    @Test
    @DisplayName("the env-name check knows what the services read")
    void environmentReader() {
        assertTrue(ServiceEnvironment.reads("kosync-service", "KOSYNC_ADMIN_TOKEN"));
        assertTrue(ServiceEnvironment.reads("kora-service", "KORA_AUTH_JWT_SECRETS"));
        assertTrue(ServiceEnvironment.reads("gateway", "QUINTET_GATEWAY_TLS_CERTIFICATE_FILE"));
        assertTrue(ServiceEnvironment.reads("linkora-service", "LINKORA_SERVER_USE_ENV_VAL"));
        assertTrue(ServiceEnvironment.reads("synkronus-service", "JWT_SECRET"));
        assertTrue(ServiceEnvironment.reads("objectstore-service", "OBJECTSTORE_MODEL"));
        assertFalse(ServiceEnvironment.reads("kosync-service", "KOSYNC_ADMIN_TOKN"));
        assertFalse(ServiceEnvironment.reads("kora-service", "KORA_AUTH_JWT_SECRET"));
    }

    @Test
    @DisplayName("NOTES.txt prints the URL to type into each app")
    void notes() {
        String ha = new com.marcnuri.helm.Helm(Chart.DIR)
                .install()
                .withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION)
                .withValuesFile(Chart.DIR.resolve("values-ha.yaml"))
                .dryRun()
                .clientOnly()
                .call()
                .getOutput();
        for (String url : List.of(
                "https://sync.example.com/linkora/",
                "https://sync.example.com/synkronus",
                "wss://sync.example.com/objectstore",
                "https://sync.example.com/kosync",
                "wss://sync.example.com/kora")) {
            assertTrue(ha.contains(url), url + " in\n" + ha);
        }
        String vps = new com.marcnuri.helm.Helm(Chart.DIR)
                .install()
                .withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION)
                .withValuesFile(Chart.DIR.resolve("values-small-vps.yaml"))
                .dryRun()
                .clientOnly()
                .call()
                .getOutput();
        assertTrue(vps.contains("https://<EXTERNAL-IP>:443/kosync"), vps);
        assertTrue(vps.contains("kubectl get service --namespace sync quintet-gateway"), vps);
    }

    /** Ports per service from the launcher's ServiceCatalog (its source: the k8s module runs without building deploy). */
    static Map<String, Integer> launcherCatalog() throws IOException {
        String source =
                Files.readString(Chart.REPO.resolve("deploy/src/main/java/io/quintet/deploy/ServiceCatalog.java"));
        Matcher m = Pattern.compile("new ServiceSpec\\(\"(\\w+)\", \"[\\w/-]+\", (\\d+), \"[^\"]*\"\\)")
                .matcher(source);
        Map<String, Integer> ports = new HashMap<>();
        while (m.find()) ports.put(m.group(1), Integer.parseInt(m.group(2)));
        assertEquals(6, ports.size(), "ServiceCatalog changed shape");
        return ports;
    }

    private static int minReplicas(Map<String, Object> deployment, List<Map<String, Object>> manifests) {
        for (Map<String, Object> h : ofKind(manifests, "HorizontalPodAutoscaler")) {
            if (Objects.equals(map(h, "spec", "scaleTargetRef").get("name"), name(deployment))) {
                return (Integer) map(h, "spec").get("minReplicas");
            }
        }
        Object replicas = map(deployment, "spec").get("replicas");
        return replicas == null ? 1 : (Integer) replicas;
    }
}
