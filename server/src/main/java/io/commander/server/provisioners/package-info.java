/**
 * Provisioners: the one interface through which cluster-manager tasks touch infrastructure, and
 * its implementations ({@code dhctl}, {@code kubeconfig}, {@code simulated}).
 */
package io.commander.server.provisioners;
