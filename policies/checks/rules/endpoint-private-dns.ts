/**
 * Interface endpoints have private DNS, so that the SDK's default endpoint name resolves to the
 * endpoint inside the VPC: without it, calls go to the public endpoint (and fail in an isolated
 * VPC, or bypass the endpoint policy where there is a route out). A rule of this project.
 */
import { stringOf } from "../../extract/terraform-json";
import { flag, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const endpointPrivateDns: Rule = {
  id: "endpoint-private-dns",
  title: "Interface VPC endpoints have private DNS enabled",
  severity: "medium",
  upstream: [],
  resourceTypes: ["aws_vpc_endpoint"],
  check: ({ stack }) => {
    const interfaces = resources(stack, "aws_vpc_endpoint").filter((endpoint) => stringOf(endpoint.block.vpc_endpoint_type) === "Interface");
    const findings: RuleFinding[] = interfaces
      .filter((endpoint) => flag(endpoint.block.private_dns_enabled) !== true)
      .map((endpoint) => ({ resource: endpoint.address, message: "private_dns_enabled is not true: the service's default hostname does not resolve to this endpoint", fix: "set private_dns_enabled = true (the VPC needs enable_dns_support and enable_dns_hostnames)" }));
    return { checked: interfaces.length, findings };
  },
};
