/**
 * The formats of the values that configure the API's protection and alarms (api-formats.ts),
 * shared by the constructs' guards and the configuration: a browser origin as the Origin header
 * carries it, regional ARNs whose region can be read back, API key names; and every example a fix
 * gives is itself accepted.
 */
import {
  API_FIX,
  API_KEY_NAME_PATTERN,
  CORS_ORIGIN_PATTERN,
  SNS_TOPIC_ARN_PATTERN,
  USER_POOL_ARN_PATTERN,
  WEB_ACL_ARN_PATTERN,
} from "../../../modules/api/api-formats";

const accepts = (pattern: RegExp, value: string) => ({ value, accepted: pattern.test(value) });

describe("API formats", () => {
  test.each(["https://chat.example.com", "https://chat.example.com:8443", "https://localhost", "http://localhost:3000", "http://127.0.0.1:8080"])(
    "the origin %s is accepted",
    (origin) => {
      expect(accepts(CORS_ORIGIN_PATTERN, origin)).toEqual({ value: origin, accepted: true });
    },
  );

  test.each([
    ["plain http off localhost", "http://chat.example.com"],
    ["a trailing slash", "https://chat.example.com/"],
    ["a path", "https://chat.example.com/app"],
    ["upper case", "https://Chat.Example.com"],
    ["no scheme", "chat.example.com"],
    ["a wildcard", "*"],
    ["a wildcard host", "https://*.example.com"],
  ])("an origin with %s is refused", (_case, origin) => {
    expect(accepts(CORS_ORIGIN_PATTERN, origin)).toEqual({ value: origin, accepted: false });
  });

  test("regional ARNs are accepted with their region read back; global, FIFO or malformed ones are refused", () => {
    const pool = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123";
    const acl = "arn:aws:wafv2:eu-central-1:111122223333:regional/webacl/shared/1234abcd-12ab-34cd-56ef-1234567890ab";
    const topic = "arn:aws-us-gov:sns:us-gov-west-1:111122223333:ops-alarms";
    expect(USER_POOL_ARN_PATTERN.exec(pool)?.[1]).toBe("eu-west-1");
    expect(WEB_ACL_ARN_PATTERN.exec(acl)?.[1]).toBe("eu-central-1");
    expect(SNS_TOPIC_ARN_PATTERN.exec(topic)?.[1]).toBe("us-gov-west-1");
    expect(WEB_ACL_ARN_PATTERN.test(acl.replace("regional/", "global/"))).toBe(false);
    expect(SNS_TOPIC_ARN_PATTERN.test("arn:aws:sns:eu-west-1:111122223333:ops-alarms.fifo")).toBe(false);
    expect(USER_POOL_ARN_PATTERN.test("arn:aws:cognito-idp:eu-west-1:111122223333:userpool/AbCdEf123")).toBe(false);
    expect(SNS_TOPIC_ARN_PATTERN.test("arn:aws:sns:eu-west-1:1111:ops-alarms")).toBe(false);
  });

  test("API key names: 1–64 letters, digits, '-' or '_'", () => {
    for (const name of ["web", "partner_a-1", "k".repeat(64)]) expect(accepts(API_KEY_NAME_PATTERN, name)).toEqual({ value: name, accepted: true });
    for (const name of ["", "a b", "web.key", "k".repeat(65)]) expect(accepts(API_KEY_NAME_PATTERN, name)).toEqual({ value: name, accepted: false });
  });

  test.each<[keyof typeof API_FIX, RegExp]>([
    ["corsOrigin", CORS_ORIGIN_PATTERN],
    ["userPoolArn", USER_POOL_ARN_PATTERN],
    ["webAclArn", WEB_ACL_ARN_PATTERN],
    ["snsTopicArn", SNS_TOPIC_ARN_PATTERN],
  ])("every example API_FIX.%s gives is accepted", (name, pattern) => {
    const examples = [...API_FIX[name].matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    expect(examples).not.toHaveLength(0);
    for (const example of examples) expect(accepts(pattern, example)).toEqual({ value: example, accepted: true });
  });
});
