/**
 * SigV4 for the two plain HTTPS calls the proof makes outside an SDK client: `POST /chat` on an
 * `AWS_IAM` API (service `execute-api`) and API Gateway's `GET /account` (service `apigateway`).
 * The signing is Smithy's own SignatureV4, the one every SDK client uses; only the hash is
 * adapted here, to Node's crypto (what @aws-crypto/sha256-js would add as a dependency).
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** What signs a request (the SDK's AwsCredentialIdentity, as far as signing reads it). */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256, or HMAC-SHA-256 with a secret: the Checksum SignatureV4 asks for. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash("sha256");
    const key = typeof this.secret === "string" ? this.secret : ArrayBuffer.isView(this.secret) ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength) : Buffer.from(this.secret);
    return createHmac("sha256", key);
  }
}

export interface RequestToSign {
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * The request's headers with the signature added (`authorization`, `x-amz-date`, the payload
 * hash and, for temporary credentials, `x-amz-security-token`). `host` is signed and left out of
 * the result: fetch sets it from the URL, to the same value.
 */
export async function signedHeaders(request: RequestToSign, service: "execute-api" | "apigateway", region: string, credentials: SigningCredentials, signingDate?: Date): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service, region, credentials, sha256: NodeSha256, applyChecksum: true });
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of request.url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    signingDate ? { signingDate } : {},
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}
