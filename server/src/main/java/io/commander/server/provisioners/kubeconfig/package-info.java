/**
 * The {@code kubeconfig} provisioner: attaches an existing cluster through its kubeconfig, installs
 * commander-agent into it and applies the rendered resources; detaches it again. See
 * {@link io.commander.server.provisioners.kubeconfig.KubeconfigProvisioner}.
 */
package io.commander.server.provisioners.kubeconfig;
