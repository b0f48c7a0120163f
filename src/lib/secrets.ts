// Hashing of bearer secrets (API keys, invitation tokens) and encryption at rest for stored credentials.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets with 256 bits of entropy need no slow hash: SHA-256 is enough and lets us look them up by hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function hmacSha256Hex(key: string, body: string | Buffer): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

/** AES-256-GCM with a key derived from the instance secret; output is versioned so keys can rotate later. */
export class SecretBox {
  private readonly key: Buffer;
  private readonly signingKey: Buffer;
  constructor(secret: string) {
    this.key = createHash('sha256').update(`parley:secretbox:${secret}`).digest();
    this.signingKey = createHash('sha256').update(`parley:sign:${secret}`).digest();
  }
  /** An HMAC of `text` under a key of its own derived from the instance secret (signed links). */
  sign(text: string): string {
    return createHmac('sha256', this.signingKey).update(text).digest('base64url');
  }
  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }
  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognized sealed secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
