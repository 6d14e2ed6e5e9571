/**
 * commander-agent: the program that runs inside each managed cluster. It reads the cluster with
 * fabric8-kubernetes-client, applies the resources Commander wants there, reports telemetry and
 * serves console requests over one outbound websocket to the agent gateway.
 */
package io.commander.agent;
