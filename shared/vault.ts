/**
 * Encryption of personal identifiers at rest (AES-256-GCM, Web Crypto, so Node and Deno agree)
 * plus a keyed hash (HMAC-SHA-256) to find a record by its IIN without decrypting every row.
 * Both keys are derived from the one configured key with HKDF, for different purposes.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class Vault {
  readonly #encryptKey: CryptoKey;
  readonly #hashKey: CryptoKey;

  private constructor(encryptKey: CryptoKey, hashKey: CryptoKey) {
    this.#encryptKey = encryptKey;
    this.#hashKey = hashKey;
  }

  static async fromKey(key: Uint8Array): Promise<Vault> {
    if (key.length !== 32) throw new Error('the vault key must be 32 bytes');
    const master = await crypto.subtle.importKey('raw', new Uint8Array(key), 'HKDF', false, ['deriveKey']);
    const derive = (info: string, algorithm: AesKeyGenParams | HmacKeyGenParams, usages: KeyUsage[]) =>
      crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(info) },
        master,
        algorithm,
        false,
        usages,
      );
    return new Vault(
      await derive('emhana/iin/encrypt/v1', { name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt']),
      await derive('emhana/iin/lookup/v1', { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign']),
    );
  }

  /** "v1.<iv>.<ciphertext>" in base64. */
  async encrypt(plain: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv },
      this.#encryptKey,
      encoder.encode(plain),
    );
    return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
  }

  async decrypt(sealed: string): Promise<string> {
    const [version, iv, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !data) throw new Error('unknown sealed value format');
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(iv) },
      this.#encryptKey,
      fromBase64(data),
    );
    return decoder.decode(plain);
  }

  /** A stable keyed hash for lookups (hex). */
  async hash(plain: string): Promise<string> {
    const mac = await crypto.subtle.sign('HMAC', this.#hashKey, encoder.encode(plain));
    return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
}
