/**
 * A passkey as a phone or a security key holds one, made with WebCrypto (P-256, ES256): it
 * answers the options the Worker hands out with what navigator.credentials.create/get would
 * give the page, byte for byte as the WebAuthn spec lays them out (authenticator data, CBOR
 * attestation object with fmt "none", a DER signature over authData ‖ SHA-256(clientDataJSON)).
 * The Worker's @simplewebauthn/server checks it as it would a real one. The browser tests use
 * Chromium's virtual authenticator instead (tests/e2e/sign-in.test.ts).
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

const te = new TextEncoder();

const sha256 = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An ASN.1 DER INTEGER of an unsigned big-endian number. */
function derInteger(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let v: Uint8Array<ArrayBuffer> = new Uint8Array(bytes.slice(i));
  if (v[0]! & 0x80) v = concat(new Uint8Array([0]), v);
  return concat(new Uint8Array([0x02, v.length]), v);
}

/** WebCrypto signs ECDSA as r ‖ s; WebAuthn carries it as DER SEQUENCE { r, s }. */
function derSignature(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const body = concat(derInteger(raw.slice(0, 32)), derInteger(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftPasskey {
  readonly id = isoBase64URL.fromBuffer(crypto.getRandomValues(new Uint8Array(16)));
  private counter = 0;
  private constructor(
    private readonly keys: CryptoKeyPair,
    private readonly origin: string,
  ) {}

  static async create(origin = 'http://portal.test'): Promise<SoftPasskey> {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    return new SoftPasskey(keys as CryptoKeyPair, origin);
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string): Uint8Array<ArrayBuffer> {
    return new Uint8Array(te.encode(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false })));
  }

  private async authData(rpId: string, flags: number, attested?: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    this.counter += 1;
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, this.counter);
    return concat(await sha256(te.encode(rpId)), new Uint8Array([flags]), count, ...(attested ? [attested] : []));
  }

  /** What navigator.credentials.create answers (startRegistration). */
  async register(options: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
    const jwk = (await crypto.subtle.exportKey('jwk', this.keys.publicKey)) as JsonWebKey;
    const cose = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, isoBase64URL.toBuffer(jwk.x!)],
      [-3, isoBase64URL.toBuffer(jwk.y!)],
    ]);
    const rawId = isoBase64URL.toBuffer(this.id);
    const idLength = new Uint8Array([rawId.length >> 8, rawId.length & 0xff]);
    const attested = concat(new Uint8Array(16), idLength, rawId, isoCBOR.encode(cose));
    const authData = await this.authData(options.rp.id!, FLAG_UP | FLAG_UV | FLAG_AT, attested);
    const attestation = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(this.clientData('webauthn.create', options.challenge)),
        attestationObject: isoBase64URL.fromBuffer(attestation),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    };
  }

  /** What navigator.credentials.get answers (startAuthentication). */
  async sign(options: PublicKeyCredentialRequestOptionsJSON, rpId = options.rpId!): Promise<AuthenticationResponseJSON> {
    const clientData = this.clientData('webauthn.get', options.challenge);
    const authData = await this.authData(rpId, FLAG_UP | FLAG_UV);
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.keys.privateKey, concat(authData, await sha256(clientData))),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(clientData),
        authenticatorData: isoBase64URL.fromBuffer(authData),
        signature: isoBase64URL.fromBuffer(derSignature(raw)),
      },
      clientExtensionResults: {},
    };
  }
}
