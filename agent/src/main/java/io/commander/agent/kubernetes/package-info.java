/**
 * The agent's {@code kubernetes} backend: the cluster the agent runs in, through fabric8's client on
 * the JDK HTTP client, every call on the worker pool {@code agent-kubernetes}. {@link
 * io.commander.agent.kubernetes.KubernetesBackend} ties together the desired state's reading
 * ({@code Manifests}), its application and enforcement ({@code Applier}, {@code Merge}) and the
 * cluster's telemetry ({@code Telemetry}).
 */
package io.commander.agent.kubernetes;
