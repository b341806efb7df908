package io.pushbridge.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys in PEM, as Go's {@code tls.X509KeyPair} accepts them: PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC 1 EC ({@code EC PRIVATE
 * KEY}) keys, the last two rewrapped as PKCS#8 for the JDK.
 */
final class PemFiles {
  private PemFiles() {}

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

  static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (Block b : blocks(pem)) {
      if (b.type().equals("CERTIFICATE")) {
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no CERTIFICATE block found");
    }
    return certs;
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    for (Block b : blocks(pem)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(b.der());
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(der(0x30, concat(hex("020100"), RSA_ALGORITHM, der(0x04, b.der()))));
        }
        case "EC PRIVATE KEY" -> {
          byte[] algorithm = der(0x30, concat(EC_PUBLIC_KEY_OID, curveOid(b.der())));
          return pkcs8(der(0x30, concat(hex("020100"), algorithm, der(0x04, b.der()))));
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(
            "encrypted private keys are not supported");
        default -> {
          // Other blocks, such as the EC PARAMETERS that openssl writes first, are skipped.
        }
      }
    }
    throw new GeneralSecurityException("no private key block found");
  }

  private static final class Block {
    private final String type;
    private final byte[] der;

    Block(String type, byte[] der) {
      this.type = type;
      this.der = der;
    }

    String type() {
      return type;
    }

    byte[] der() {
      return der;
    }
  }

  private static List<Block> blocks(String pem) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String body = m.group(2).replaceAll("\\s", "");
      blocks.add(new Block(m.group(1), Base64.getDecoder().decode(body)));
    }
    return blocks;
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("unsupported private key", last);
  }

  /** The named curve OID in the {@code [0] parameters} of a SEC 1 {@code ECPrivateKey}. */
  private static byte[] curveOid(byte[] sec1) throws GeneralSecurityException {
    int[] seq = header(sec1, 0);
    int pos = seq[0];
    int end = pos + seq[1];
    while (pos < end) {
      int tag = sec1[pos] & 0xFF;
      int[] h = header(sec1, pos);
      if (tag == 0xA0) {
        int[] oid = header(sec1, h[0]);
        int oidStart = h[0];
        return java.util.Arrays.copyOfRange(sec1, oidStart, oid[0] + oid[1]);
      }
      pos = h[0] + h[1];
    }
    throw new GeneralSecurityException("EC PRIVATE KEY without named curve parameters");
  }

  /** {content offset, content length} of the DER element at {@code pos}. */
  private static int[] header(byte[] der, int pos) throws GeneralSecurityException {
    if (pos + 2 > der.length) {
      throw new GeneralSecurityException("truncated DER");
    }
    int len = der[pos + 1] & 0xFF;
    int offset = pos + 2;
    if (len >= 0x80) {
      int n = len & 0x7F;
      if (n == 0 || n > 3 || offset + n > der.length) {
        throw new GeneralSecurityException("bad DER length");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (der[offset + i] & 0xFF);
      }
      offset += n;
    }
    if (offset + len > der.length) {
      throw new GeneralSecurityException("truncated DER");
    }
    return new int[] {offset, len};
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  static String read(java.nio.file.Path file) throws java.io.IOException {
    return java.nio.file.Files.readString(file, StandardCharsets.US_ASCII);
  }
}
