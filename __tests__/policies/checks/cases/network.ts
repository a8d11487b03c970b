/** Passing and failing Terraform JSON for the network rules (security groups, VPC, endpoints). */
import { defaultSgClosed } from "../../../../policies/checks/rules/default-sg-closed";
import { endpointPolicyScoped } from "../../../../policies/checks/rules/endpoint-policy-scoped";
import { endpointPrivateDns } from "../../../../policies/checks/rules/endpoint-private-dns";
import { sgDescriptions } from "../../../../policies/checks/rules/sg-descriptions";
import { sgNoPublicEgress } from "../../../../policies/checks/rules/sg-no-public-egress";
import { sgNoPublicIngress } from "../../../../policies/checks/rules/sg-no-public-ingress";
import { vpcFlowLogs } from "../../../../policies/checks/rules/vpc-flow-logs";
import type { RuleCase } from "./types";

const SG = "${aws_security_group.fn.id}";
const group = (extra: Record<string, unknown> = {}) => ({ aws_security_group: { fn: { name: "fn", description: "Chat function", vpc_id: "${aws_vpc.vpc.id}", ...extra } } });
const ingress = (extra: Record<string, unknown>) => ({ aws_vpc_security_group_ingress_rule: { in: { security_group_id: SG, ip_protocol: "tcp", from_port: 443, to_port: 443, description: "HTTPS", ...extra } } });
const egress = (extra: Record<string, unknown>) => ({ aws_vpc_security_group_egress_rule: { out: { security_group_id: SG, ip_protocol: "tcp", from_port: 443, to_port: 443, description: "HTTPS", ...extra } } });
const vpc = { aws_vpc: { vpc: { cidr_block: "10.0.0.0/16" } } };
const endpoint = (extra: Record<string, unknown> = {}) => ({
  aws_vpc_endpoint: { runtime: { vpc_id: "${aws_vpc.vpc.id}", service_name: "com.amazonaws.eu-west-1.bedrock-runtime", vpc_endpoint_type: "Interface", private_dns_enabled: true, ...extra } },
});
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*", ...statement }] });

export const NETWORK_CASES: readonly RuleCase[] = [
  {
    rule: sgNoPublicIngress,
    passing: [["from a security group", ingress({ referenced_security_group_id: "${aws_security_group.client.id}" })], ["from a private range", ingress({ cidr_ipv4: "10.0.0.0/8" })]],
    failing: [
      ["0.0.0.0/0 on a rule resource", ingress({ cidr_ipv4: "0.0.0.0/0" }), /from 0.0.0.0\/0/],
      ["::/0 inline", group({ ingress: [{ from_port: 22, to_port: 22, protocol: "tcp", ipv6_cidr_blocks: ["::/0"], description: "ssh" }] }), /tcp 22\) from ::\/0/],
      ["aws_security_group_rule", { aws_security_group_rule: { r: { type: "ingress", security_group_id: SG, from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] } } }, /all traffic/],
    ],
  },
  {
    rule: sgNoPublicEgress,
    passing: [["to a security group", egress({ referenced_security_group_id: "${aws_security_group.endpoints.id}" })]],
    failing: [
      ["to 0.0.0.0/0", egress({ cidr_ipv4: "0.0.0.0/0" }), /to 0.0.0.0\/0/],
      ["inline allow-all", group({ egress: [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] }] }), /all traffic/],
    ],
  },
  {
    rule: sgDescriptions,
    passing: [["group and rule described", { ...group(), ...ingress({ referenced_security_group_id: "${aws_security_group.client.id}" }) }]],
    failing: [
      ["the provider's default description", group({ description: "Managed by Terraform" }), /"Managed by Terraform"/],
      ["a rule without a description", { ...group(), ...ingress({ description: undefined }) }, /ingress rule \(tcp 443\) has no description/],
    ],
  },
  {
    rule: defaultSgClosed,
    passing: [["an emptied default group", { ...vpc, aws_default_security_group: { closed: { vpc_id: "${aws_vpc.vpc.id}" } } }]],
    failing: [
      ["an unmanaged default group", vpc, /not managed/],
      ["a default group with rules", { ...vpc, aws_default_security_group: { open: { vpc_id: "${aws_vpc.vpc.id}", ingress: [{ protocol: "-1", self: true, from_port: 0, to_port: 0 }] } } }, /has ingress rules/],
    ],
  },
  {
    rule: vpcFlowLogs,
    passing: [["a flow log", { ...vpc, aws_flow_log: { rejects: { vpc_id: "${aws_vpc.vpc.id}", traffic_type: "REJECT" } } }]],
    failing: [["none", vpc, /no aws_flow_log/]],
  },
  {
    rule: endpointPolicyScoped,
    passing: [
      ["a role principal", endpoint({ policy: policy({ Principal: { AWS: ["${aws_iam_role.app.arn}"] } }) })],
      ["* narrowed by a condition", endpoint({ policy: policy({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "${data.aws_caller_identity.me.account_id}" } } }) })],
    ],
    failing: [
      ["no policy", endpoint(), /default admits any principal/],
      ["* without a condition", endpoint({ policy: policy({ Principal: "*" }) }), /any principal \(\*\) without a condition/],
      ["an unreadable policy", endpoint({ policy: "${file(\"policy.json\")}" }), /cannot be read/],
    ],
  },
  {
    rule: endpointPrivateDns,
    passing: [["private DNS on", endpoint()]],
    failing: [["private DNS off", endpoint({ private_dns_enabled: false }), /private_dns_enabled is not true/]],
  },
];
