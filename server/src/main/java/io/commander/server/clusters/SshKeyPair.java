package io.commander.server.clusters;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * A cluster's own SSH key pair ({@code dc_sshPublicKey} / {@code dc_sshPrivateKey}), in the
 * formats OpenSSH and dhctl read: {@code ssh-ed25519 AAAA... comment} and an
 * {@code OPENSSH PRIVATE KEY} PEM block. The private half is stored encrypted.
 */
public record SshKeyPair(String publicKey, String privateKey) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh Ed25519 pair whose public half carries {@code comment}. */
  public static SshKeyPair generate(final String comment) {
    final Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(RANDOM));
    final AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    try {
      final String publicKey = "ssh-ed25519 "
          + Base64.getEncoder().encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic())) + " " + comment;
      final String body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate()));
      return new SshKeyPair(publicKey, "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body
          + "\n-----END OPENSSH PRIVATE KEY-----\n");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("encoding an Ed25519 key failed", e);
    }
  }

  @Override
  public String toString() {
    return "SshKeyPair[" + publicKey + ", private key masked]";
  }
}
