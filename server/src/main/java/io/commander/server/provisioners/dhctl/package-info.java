/**
 * The {@code dhctl} provisioner: runs the DKP installer as a local process per call, with the
 * rendered configuration in a private directory, its output streamed into the task log, and its
 * process tree stopped on cancel or timeout. See {@link io.commander.server.provisioners.dhctl.DhctlProvisioner}.
 */
package io.commander.server.provisioners.dhctl;
