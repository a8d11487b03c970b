import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { signedHeaders } from "../../../policies/verify/sign-request";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token" };
const DATE = new Date("2026-12-01T10:00:00Z");
const URL_ = new URL("https://abc123defg.execute-api.eu-west-1.amazonaws.com/v1/chat");
const BODY = '{"message":"Reply with the single word: ready."}';

describe("signedHeaders", () => {
  it("signs POST /chat for execute-api as the SDK's own hash would: the same signature", async () => {
    const mine = await signedHeaders({ method: "POST", url: URL_, headers: { "content-type": "application/json" }, body: BODY }, "execute-api", "eu-west-1", CREDENTIALS, DATE);
    const reference = await new SignatureV4({ service: "execute-api", region: "eu-west-1", credentials: CREDENTIALS, sha256: Sha256 }).sign(
      { method: "POST", protocol: "https:", hostname: URL_.hostname, path: URL_.pathname, query: {}, headers: { "content-type": "application/json", host: URL_.host }, body: BODY },
      { signingDate: DATE },
    );
    expect(mine.authorization).toBe(reference.headers.authorization);
    expect(mine.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261201\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  });

  it("carries the session token and the date, and leaves host to fetch (which sets the same value)", async () => {
    const headers = await signedHeaders({ method: "GET", url: new URL("https://apigateway.eu-west-1.amazonaws.com/account"), headers: {} }, "apigateway", "eu-west-1", CREDENTIALS, DATE);
    expect(headers).toMatchObject({ "x-amz-security-token": "session-token", "x-amz-date": "20261201T100000Z" });
    expect(headers).not.toHaveProperty("host");
    expect(headers.authorization).toContain("/eu-west-1/apigateway/aws4_request");
  });

  it("a different body, region or secret gives a different signature", async () => {
    const sign = (body: string, region: string, secret: string) => signedHeaders({ method: "POST", url: URL_, headers: {}, body }, "execute-api", region, { ...CREDENTIALS, secretAccessKey: secret }, DATE).then((headers) => headers.authorization);
    const base = await sign(BODY, "eu-west-1", "a");
    expect(await sign(`${BODY} `, "eu-west-1", "a")).not.toBe(base);
    expect(await sign(BODY, "eu-west-2", "a")).not.toBe(base);
    expect(await sign(BODY, "eu-west-1", "b")).not.toBe(base);
  });
});
