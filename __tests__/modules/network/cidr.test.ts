/**
 * parseCidr, contains and overlaps: an IPv4 CIDR is read into its first and last address, or
 * refused with a sentence saying what is wrong (a host-bits mistake with the range meant); ranges
 * are then compared for containment and overlap, ends included.
 */
import { type Cidr, contains, overlaps, parseCidr } from "../../../modules/network/cidr";

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(`${text} ${parsed}`);
  return parsed;
}

describe("parseCidr", () => {
  test.each<[string, number, number, number]>([
    ["10.40.0.0/16", 0x0a280000, 0x0a28ffff, 16],
    ["10.40.1.0/24", 0x0a280100, 0x0a2801ff, 24],
    ["192.168.1.7/32", 0xc0a80107, 0xc0a80107, 32],
    ["0.0.0.0/0", 0, 0xffffffff, 0],
  ])("%s spans its first to its last address", (text, first, last, prefixLength) => {
    expect(parseCidr(text)).toEqual({ text, first, last, prefixLength });
  });

  test.each([
    ["10.40.0.0", "is not an IPv4 CIDR like 10.40.0.0/16"],
    ["10.40.0/16", "is not an IPv4 CIDR like 10.40.0.0/16"],
    [" 10.40.0.0/16", "is not an IPv4 CIDR like 10.40.0.0/16"],
    ["fd00::/8", "is not an IPv4 CIDR like 10.40.0.0/16"],
    ["10.256.0.0/16", "has an octet above 255"],
    ["10.40.0.0/33", "has a prefix length above 32"],
    ["010.40.0.0/16", "has a leading zero (Terraform refuses it): write 10.40.0.0/16"],
    ["10.0.0.0/08", "has a leading zero (Terraform refuses it): write 10.0.0.0/8"],
    ["10.40.1.0/16", "has host bits set: did you mean 10.40.0.0/16?"],
    ["10.40.1.129/25", "has host bits set: did you mean 10.40.1.128/25?"],
  ])("%s is refused: %s", (text, sentence) => {
    expect(parseCidr(text)).toBe(sentence);
  });
});

describe("contains and overlaps", () => {
  const vpc = cidr("10.40.0.0/16");
  const a = cidr("10.40.0.0/24");
  const b = cidr("10.40.1.0/24");
  const pair = cidr("10.40.0.0/23");

  test("a subnet lies inside its VPC, not the reverse; a range contains itself", () => {
    expect(contains(vpc, a)).toBe(true);
    expect(contains(a, vpc)).toBe(false);
    expect(contains(vpc, vpc)).toBe(true);
    expect(contains(vpc, cidr("10.41.0.0/24"))).toBe(false);
    expect(contains(vpc, cidr("10.40.255.255/32"))).toBe(true);
  });

  test("adjacent ranges do not overlap; a range and one inside it do, either way round", () => {
    expect(overlaps(a, b)).toBe(false);
    expect(overlaps(pair, b)).toBe(true);
    expect(overlaps(b, pair)).toBe(true);
    expect(overlaps(cidr("10.40.1.255/32"), b)).toBe(true);
    expect(overlaps(cidr("10.40.2.0/32"), b)).toBe(false);
  });
});
