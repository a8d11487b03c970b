/** IPv4 CIDR parsing for configuration checks: enough to tell valid, contained and overlapping ranges apart. */

export interface Cidr {
  readonly text: string;
  /** First address as an unsigned 32-bit integer. */
  readonly first: number;
  /** Last address (inclusive). */
  readonly last: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Returns the parsed CIDR, or a sentence saying what is wrong with it. */
export function parseCidr(text: string): Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return "is not an IPv4 CIDR like 10.40.0.0/16";
  // Go's parser (Terraform's, the AWS provider's) refuses leading zeros: they once meant octal.
  if (match.slice(1, 6).some((part) => part.length > 1 && part.startsWith("0"))) return `has a leading zero (Terraform refuses it): write ${match.slice(1, 5).map(Number).join(".")}/${Number(match[5])}`;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return "has an octet above 255";
  if (prefixLength > 32) return "has a prefix length above 32";
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - prefixLength);
  if (address % size !== 0) {
    const first = address - (address % size);
    return `has host bits set: did you mean ${[24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join(".")}/${prefixLength}?`;
  }
  return { text, first: address, last: address + size - 1, prefixLength };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}
